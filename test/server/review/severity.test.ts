/** The review page's sorting rule: alert, detection or motion, from an event's objects and its camera's alert rule. */
import { describe, expect, it } from 'vitest';
import { isAlertObject, severityOf } from '../../../server/review/severity.js';

const person = (zones: string[] = []) => ({ label: 'person', tracked: 'person', zones });
const car = (zones: string[] = []) => ({ label: 'car', tracked: 'vehicle', zones });
const dog = { label: 'dog', tracked: 'animal', zones: ['Lawn'] };

describe('severityOf', () => {
  it('calls an event with no objects motion', () => {
    expect(severityOf({}, { labels: ['person'], zones: [] })).toBe('motion');
    expect(severityOf({ objects: [] }, { labels: ['person'], zones: [] })).toBe('motion');
  });

  it('calls an event an alert when any object has a label of the rule, anywhere when the rule names no zone', () => {
    expect(severityOf({ objects: [dog, person()] }, { labels: ['person', 'car'], zones: [] })).toBe('alert');
  });

  it('calls an event with objects but none of the rule’s a detection', () => {
    expect(severityOf({ objects: [dog] }, { labels: ['person', 'car'], zones: [] })).toBe('detection');
    expect(severityOf({ objects: [person()] }, { labels: [], zones: [] })).toBe('detection');
  });

  it('matches the name an object is followed as, so a rule of vehicle takes a car', () => {
    expect(severityOf({ objects: [car()] }, { labels: ['vehicle'], zones: [] })).toBe('alert');
    expect(severityOf({ objects: [car()] }, { labels: ['car'], zones: [] })).toBe('alert');
    expect(severityOf({ objects: [car()] }, { labels: ['truck'], zones: [] })).toBe('detection');
  });

  it('needs the object in one of the rule’s zones when it names any, whatever the case', () => {
    const rule = { labels: ['person' as const], zones: ['Porch', 'Gate'] };
    expect(severityOf({ objects: [person(['Driveway'])] }, rule)).toBe('detection');
    expect(severityOf({ objects: [person()] }, rule)).toBe('detection');
    expect(severityOf({ objects: [person(['Driveway', 'porch'])] }, rule)).toBe('alert');
  });
});

describe('isAlertObject', () => {
  it('needs both the label and the zone of one object, not one of each from two', () => {
    const rule = { labels: ['person' as const], zones: ['Lawn'] };
    expect(isAlertObject(dog, rule)).toBe(false);
    expect(isAlertObject(person(), rule)).toBe(false);
    expect(severityOf({ objects: [dog, person()] }, rule)).toBe('detection');
  });
});
