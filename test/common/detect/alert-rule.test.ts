/** An alert rule's zone names checked against the camera's zones: spelt as the zones are, unknown ones refused or dropped. */
import { describe, expect, it } from 'vitest';
import { alertZones } from '../../../common/detect/alert-rule.js';
import { CamrelayError } from '../../../shared/errors.js';

const zones = [{ name: 'Porch' }, { name: 'Gate' }];

describe('alertZones', () => {
  it('spells each name as its zone is, once', () => {
    expect(alertZones(zones, ['gate', 'GATE', 'Porch'], true)).toEqual(['Gate', 'Porch']);
  });

  it('refuses a name given in this change that no zone has', () => {
    const got = alertZones([], ['Porch'], true);
    expect(got).toBeInstanceOf(CamrelayError);
    expect((got as CamrelayError).message).toMatch(/"Porch", which is not a zone of this camera \(it has no zones\)/);
  });

  it('drops a name kept from before whose zone is gone', () => {
    expect(alertZones(zones, ['Driveway', 'Gate'], false)).toEqual(['Gate']);
  });
});
