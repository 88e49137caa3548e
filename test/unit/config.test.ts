import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has defaults that start the portal on embedded SQLite with demo data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: 'localhost', database: { kind: 'sqlite', path: './data/zhaoshang.db' }, demoData: true, autoMigrate: true });
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('reads the environment', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'sqlite:/tmp/x.db', DEMO_DATA: '0', CONTACT_PHONE: '0731-1234' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', database: { path: '/tmp/x.db' }, demoData: false });
    expect(c.site.contact.phone).toBe('0731-1234');
  });
  it('says what is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });
});
