import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_API_URL, loadServerConfig } from '../lib/config';

describe('the server configuration', () => {
  it('when API_URL is not set, then the local gateway is used', () => {
    expect(loadServerConfig({}).apiUrl.href).toBe(`${DEFAULT_API_URL}/`);
  });

  it('when API_URL names the ingress controller, then it is used as is', () => {
    const apiUrl = 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local';
    expect(loadServerConfig({ API_URL: apiUrl }).apiUrl.origin).toBe(apiUrl);
  });

  it('when API_URL is not an http(s) origin, then starting fails with a message naming the variable', () => {
    for (const bad of ['not a url', 'ftp://example.com', 'http://example.com/api']) {
      expect(() => loadServerConfig({ API_URL: bad })).toThrow(ConfigError);
      expect(() => loadServerConfig({ API_URL: bad })).toThrow(/API_URL/);
    }
  });
});
