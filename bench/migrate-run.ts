/**
 * One `briefing migrate` run inside this process, for bench/migrate.ts: the real CLI entry,
 * then its own CPU time and peak RSS sent to the parent (the figures of this process alone).
 */
import { main } from '../src/cli/main.ts';

await main(['node', 'briefing', 'migrate', ...process.argv.slice(2)]);
const cpu = process.cpuUsage();
process.send!({ cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, exitCode: process.exitCode ?? 0 });
process.disconnect();
