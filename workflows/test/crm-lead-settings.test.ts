/** crm-lead's own settings per environment (workflows/crm-lead.ts): validated with the workflow, naming the environment and the setting. */
import { loadEnvironments } from '../../lib/environments/environments';
import { SettingsError } from '../../lib/workflow/settings';
import { environments } from '../../config/environments';
import { CrmLeadSettings } from '../crm-lead';
import { settingsFor } from '../../lib/workflow/settings';

const [dev] = loadEnvironments(environments);

function issues(values: unknown): string[] {
  try {
    settingsFor('workflow "crm-lead"', CrmLeadSettings, { dev: values }, dev);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as SettingsError).issues;
  }
  throw new Error('expected a SettingsError');
}

test('the shipped environments are valid with the shipped settings', () => {
  expect(loadEnvironments(environments).map((e) => e.name)).toEqual(expect.arrayContaining(['dev', 'prod']));
});

test.each([
  [{ apiBaseUrl: 'ftp://x', apiKeyParameter: '/k' }, 'workflow "crm-lead", environment "dev", setting "apiBaseUrl": must be an http(s) URL'],
  [{ apiBaseUrl: 'https://crm.example.com', apiKeyParameter: 'no-slash' }, 'workflow "crm-lead", environment "dev", setting "apiKeyParameter": must be an SSM parameter name starting with "/"'],
  [{ apiBaseUrl: 'https://crm.example.com' }, 'workflow "crm-lead", environment "dev", setting "apiKeyParameter": give apiBaseUrl and apiKeyParameter together'],
  [{ apiBaseUrl: 'https://crm.example.com', apiKeyParameter: '/k', apiKeyParam: '/k' }, 'workflow "crm-lead", environment "dev", setting "apiKeyParam": unknown field (check its spelling: did you mean "apiKeyParameter"?)'],
])('%j is rejected naming the workflow, environment and setting', (values, expected) => {
  expect(issues(values).some((i) => i.startsWith(expected))).toBe(true);
});

test('an environment without settings is named, with the settings it needs', () => {
  expect(() => settingsFor('workflow "crm-lead"', CrmLeadSettings, {}, { name: 'staging' })).toThrow(
    'workflow "crm-lead", environment "staging": no settings for this environment (add "staging" to its settings: apiBaseUrl, apiKeyParameter)',
  );
});
