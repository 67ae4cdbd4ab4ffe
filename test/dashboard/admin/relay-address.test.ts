import { describe, expect, it } from 'vitest';
import { baseAt, parseAddresses, RelayAddress } from '../../../dashboard/src/admin/relay-address.js';

describe('baseAt', () => {
  it("is the page's folder at the address's scheme, host and port", () => {
    expect(baseAt('http://192.168.1.10:3000', 'http://localhost:3000/#/settings/streams')).toBe('http://192.168.1.10:3000/');
    expect(baseAt('https://10.8.0.1:3443', 'https://localhost:3443/')).toBe('https://10.8.0.1:3443/');
  });

  it("is the page's own folder, a proxy's sub-path included, when no address is chosen", () => {
    expect(baseAt(null, 'https://cams.example.org/camrelay/#/settings/streams')).toBe('https://cams.example.org/camrelay/');
  });
});

describe('parseAddresses', () => {
  it('takes urls, else url, and only http(s) addresses, at most 16', () => {
    expect(parseAddresses({ url: 'http://a:1', urls: ['http://a:1', 'http://b:1'] })).toEqual(['http://a:1', 'http://b:1']);
    expect(parseAddresses({ url: 'http://a:1' })).toEqual(['http://a:1']);
    expect(parseAddresses({ urls: ['javascript:alert(1)', 'http://a:1', 42, 'http://'] })).toEqual(['http://a:1']);
    expect(parseAddresses({ urls: Array.from({ length: 40 }, (_, i) => `http://10.0.0.${i}:3000`) })).toHaveLength(16);
    expect(parseAddresses(null)).toEqual([]);
  });
});

describe('RelayAddress', () => {
  const onLocalhost = () => new RelayAddress(() => 'http://localhost:3000/');

  it("keeps the page's own base until the relay says where other machines reach it", () => {
    const address = onLocalhost();
    expect(address.base()).toBe('http://localhost:3000/');
    address.set(['http://192.168.1.10:3000', 'http://10.8.0.1:3000']);
    expect(address.base()).toBe('http://192.168.1.10:3000/');
  });

  it('takes the address the person picks, keeps it while it is still offered, and tells listeners', () => {
    const address = onLocalhost();
    let heard = 0;
    address.onChange(() => heard++);
    address.set(['http://192.168.1.10:3000', 'http://10.8.0.1:3000']);
    address.choose('http://10.8.0.1:3000');
    expect(address.base()).toBe('http://10.8.0.1:3000/');
    address.set(['http://192.168.1.10:3000', 'http://10.8.0.1:3000']);
    expect(address.base()).toBe('http://10.8.0.1:3000/');
    // An address the relay did not offer is not taken.
    address.choose('http://evil.example:80');
    expect(address.base()).toBe('http://10.8.0.1:3000/');
    expect(heard).toBe(3);
  });

  it('leaves a page opened at an address other machines reach as it is, its sub-path included', () => {
    const address = new RelayAddress(() => 'http://cams.lan/camrelay/#/settings/streams');
    address.set(['http://cams.lan/camrelay']);
    expect(address.base()).toBe('http://cams.lan/camrelay/');
  });
});
