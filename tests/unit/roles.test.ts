// Each role lands where its work is, and never on a section it cannot open.
import { describe, expect, it } from 'vitest';
import { homeSection, ROLES, sectionsFor } from '../../shared/roles';

describe('home section', () => {
  it('sends secretaries to Kirjeet, billing to Laskutus, the administrator to settings, caseworkers to the queue', () => {
    expect(homeSection('client_secretary')).toBe('letters');
    expect(homeSection('billing')).toBe('billing');
    expect(homeSection('admin')).toBe('settings');
    expect(homeSection('guidance_worker')).toBe('queue');
    expect(homeSection('social_worker')).toBe('queue');
    expect(homeSection('service_manager')).toBe('queue');
  });

  it('is always a section the role may open', () => {
    for (const role of ROLES) expect(sectionsFor(role)).toContain(homeSection(role));
  });
});
