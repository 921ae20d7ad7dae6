import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { fitLines, hang, terminalColumns, truncate, visibleWidth, wrapCommand } from '../../src/io/wrap.js';

const c = new Chalk({ level: 1 });

describe('laying text out for the terminal', () => {
  it('takes the width from the terminal, else COLUMNS, else 80', () => {
    expect(terminalColumns({ isTTY: true, columns: 60 }, { COLUMNS: '100' })).toBe(60);
    expect(terminalColumns({ isTTY: false, columns: 60 }, { COLUMNS: '100' })).toBe(100);
    expect(terminalColumns(undefined, {})).toBe(80);
    expect(terminalColumns(undefined, { COLUMNS: 'wide' })).toBe(80);
  });

  it('wraps at words with a hanging indent under the text, colour codes not counted', () => {
    const lines = hang(`  ${c.red('x')}  `, `${c.bold('SomeCode')}: a sentence long enough to need a second line here`, 40);
    expect(lines.map(visibleWidth).every((w) => w <= 40)).toBe(true);
    expect(lines[1]).toMatch(/^ {5}\S/);
  });

  it('moves the text under a label that leaves too little room, and keeps a long word whole', () => {
    expect(hang('  subscription           ', '00000000-0000-0000-0000-000000000000', 60)).toEqual([
      '  subscription',
      '      00000000-0000-0000-0000-000000000000',
    ]);
  });

  it('adds no empty line when there is no text to hang', () => {
    expect(hang('  label that fills the whole line exactly ', '', 40)).toEqual(['  label that fills the whole line exactly']);
  });

  it('keeps a `quoted command` on one line', () => {
    const lines = hang('', 'Interrupted. The state is saved; continue with `secure-aks status --resume --state s.json`.', 60);
    expect(lines).toEqual(['Interrupted. The state is saved; continue with', '`secure-aks status --resume --state s.json`.']);
  });

  it('fits laid-out lines, hanging under a leading mark', () => {
    expect(fitLines(['  ✖ step 3 failed because the firewall could not be created in time'], 40)).toEqual([
      '  ✖ step 3 failed because the firewall',
      '    could not be created in time',
    ]);
    expect(fitLines(['a line that is long'], Infinity)).toEqual(['a line that is long']);
  });

  it('breaks a command between arguments with \\, keeping a flag with its value and a quoted argument whole', () => {
    const lines = wrapCommand('    ', 'az aks command invoke --resource-group rg-demo --name aks-demo --command "kubectl get nodes"', 50);
    expect(lines).toEqual([
      '    az aks command invoke \\',
      '        --resource-group rg-demo --name aks-demo \\',
      '        --command "kubectl get nodes"',
    ]);
  });

  it('shortens a table cell with an ellipsis', () => {
    expect(truncate('Egress through Azure Firewall', 10)).toBe('Egress th…');
    expect(truncate('short', 10)).toBe('short');
  });
});
