import type { Command } from 'commander';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';
import { ORG_SECTIONS, type OrgSettingsChange } from '../org/org-settings.ts';

// A tiny module of constants and pure functions: cheap enough to load for `--help`.
const SECTION_NAMES = ORG_SECTIONS.join(', ');

/** `--off a,b --off c` → ["a", "b", "c"]. */
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];

export function registerOrgCommands(program: Command, ctx: CliContext): void {
  const org = program
    .command('org')
    .description('organisation-wide data controls: sections and remote feeds off for everyone (audited; workers follow within 5 s)');

  /** Changes the controls, prints the state now in effect. */
  const change = async (wanted: OrgSettingsChange, json: boolean | undefined) => {
    const services = await ctx.connect();
    const { describeOrgSettings } = await import('../org/org-settings.ts');
    const { settings, changed } = await services.orgSettings.change(wanted, 'cli');
    if (json) return outJson({ ...settings, changed });
    out(`${changed ? 'changed' : 'unchanged (already so)'}: ${describeOrgSettings(settings)}`);
  };

  org
    .command('show')
    .description('the data controls in effect')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.connect();
      const { describeOrgSettings } = await import('../org/org-settings.ts');
      const settings = await services.orgSettings.get();
      if (opts.json) return outJson({ ...settings, sections: ORG_SECTIONS });
      out(describeOrgSettings(settings));
    });

  org
    .command('sections')
    .description(`turn sections off or on for everyone (${SECTION_NAMES}); an org switch-off wins over a recipient's own choice`)
    .option('--off <sections>', 'comma-separated sections to leave out of every briefing', collect)
    .option('--on <sections>', 'comma-separated sections to bring back', collect)
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { off?: string[]; on?: string[]; json?: boolean }) => {
      const { checkSections, changeProblems } = await import('../org/org-settings.ts');
      if (!opts.off && !opts.on) throw new UsageError(`give --off, --on or both, e.g. \`briefing org sections --off tasks,follow-ups\` (the sections are ${SECTION_NAMES})`);
      const off = checkSections(opts.off ?? [], '--off');
      const on = checkSections(opts.on ?? [], '--on');
      const problems = [...(off.ok ? [] : off.problems), ...(on.ok ? [] : on.problems)];
      const wanted = { off: off.ok ? off.sections : [], on: on.ok ? on.sections : [] };
      if (problems.length === 0) problems.push(...changeProblems(wanted));
      if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\nnothing changed`);
      await change(wanted, opts.json);
    });

  org
    .command('remote-feeds')
    .description('on: http(s) calendar and content feeds are fetched; off: they are not (local files still are, and the email says nothing of them)')
    .argument('<on|off>', 'on or off')
    .option('--json', 'one JSON document on stdout')
    .action(async (state: string, opts: { json?: boolean }) => {
      if (state !== 'on' && state !== 'off') throw new UsageError(`remote-feeds ${JSON.stringify(state)}: expected on or off; nothing changed`);
      await change({ remoteFeeds: state === 'on' }, opts.json);
    });

  org
    .command('audit')
    .description('every change of the data controls, oldest first, as CSV on stdout (at, source, change)')
    .action(async () => {
      const services = await ctx.connect();
      const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      let text = 'at,source,change\r\n';
      for await (const e of services.orgSettings.audit()) text += `${[e.at, e.source, e.change].map(field).join(',')}\r\n`;
      process.stdout.write(text);
    });
}
