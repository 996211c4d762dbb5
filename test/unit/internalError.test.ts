import * as assert from 'node:assert/strict';
import { RULE_TABLE } from '../../src/core/rules/codes';
import { windowOrderRule } from '../../src/core/rules/windowOrder';
import { syntaxFinding } from '../../src/core/parse/parseFile';
import { change } from './builders';
import { check } from './helpers';

describe('internal-error', () => {
  it('reports a rule that throws as svcm’s bug, naming the rule, at the kind; the other rules still run', () => {
    const original = windowOrderRule.check;
    windowOrderRule.check = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'start')");
    };
    try {
      const text = change('CHG-2026-0001', { backoutPlan: undefined });
      const seen = check({ 'CHG-2026-0001.yaml': text });
      const internal = seen.filter((s) => s.code === 'internal-error');
      assert.equal(internal.length, 1);
      assert.equal(internal[0].severity, 'error');
      assert.equal(internal[0].text, 'Change');
      assert.match(internal[0].message, /window-order/);
      assert.match(internal[0].message, /bug in svcm, not a mistake in your file/);
      assert.match(internal[0].message, /please report it/);
      assert.match(internal[0].message, /reading 'start'/);
      // The rules after the broken one ran: the missing backout plan is still reported, not as `schema`.
      assert.ok(
        seen.some((s) => s.code === 'backout-plan-required'),
        JSON.stringify(seen),
      );
      assert.ok(!seen.some((s) => s.code === 'schema'), JSON.stringify(seen));
    } finally {
      windowOrderRule.check = original;
    }
    assert.ok(!check({ 'CHG-2026-0001.yaml': change('CHG-2026-0001') }).some((s) => s.code === 'internal-error'));
  });

  it('is an error in the rule table, and the parser’s yaml-syntax findings keep the table’s severity', () => {
    assert.equal(RULE_TABLE['internal-error'].severity, 'error');
    assert.equal(syntaxFinding('x', { start: 0, end: 1 }).severity, RULE_TABLE['yaml-syntax'].severity);
  });
});
