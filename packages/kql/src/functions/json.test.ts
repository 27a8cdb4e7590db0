import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('dynamic_to_json', () => {
  it('sorts bag keys at every level and keeps array order', async () => {
    expect(await scalar('dynamic_to_json(dynamic({"b": [3, {"y": 1, "x": 2}], "a": {"d": 1, "c": {}}}))')).toBe('{"a":{"c":{},"d":1},"b":[3,{"x":2,"y":1}]}');
  });
  it('escapes keys and strings as JSON', async () => {
    expect(await scalar('dynamic_to_json(dynamic({"q\\"k": "v\\"w"}))')).toBe('{"q\\"k":"v\\"w"}');
    expect(await scalar('dynamic_to_json(dynamic(7))')).toBe('7');
  });
});
