-- `briefing migrate`: a sent briefing moved from the earlier layout moves the recipient's
-- lastSent forward, as recording it here would have. KEYS: recipient. ARGV: date.
--@include last-sent
raiseLastSent(KEYS[1], ARGV[1])
return 1
