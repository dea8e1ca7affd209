/** Reading a project (lib/project/load.ts): its two files, the nearest root, and what is wrong with them, named. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from '../../../modules/test/helpers';
import { FIXTURE_PROJECT, fixtureEnvironments, projectWithoutWorkflows } from '../../test/fixture-project';
import { checkRegistry, findProjectRoot, loadProject, ProjectError, UnknownWorkflowError } from '../load';

test('the fixture project: its environments, its workflows in each, its default environment', () => {
  const project = loadProject(FIXTURE_PROJECT);
  expect(project.root).toBe(FIXTURE_PROJECT);
  expect(project.environments.map((e) => [e.name, e.region])).toEqual([
    ['dev', 'eu-west-1'],
    ['prod', 'us-east-2'],
  ]);
  expect(project.defaultEnvironment).toBe('dev');
  expect(project.declarations().map((d) => d.name)).toEqual(['greet', 'fanout', 'transfer']);
  expect(project.declaration('transfer', 'prod').activities).toEqual(['transfer']);
  expect(project.components).toEqual([]);
  expect(loadProject(FIXTURE_PROJECT)).toBe(project);
});

test('an unknown workflow or environment names the known ones and the nearest', () => {
  const project = loadProject(FIXTURE_PROJECT);
  expect(() => project.declaration('gret')).toThrow(new UnknownWorkflowError('gret', ['greet', 'fanout', 'transfer']));
  expect(() => project.declaration('gret')).toThrow('unknown workflow "gret" (did you mean "greet"?); the workflows are: greet, fanout, transfer');
  expect(() => project.environment('prd')).toThrow('unknown environment "prd" (did you mean "prod"?); the environments are: dev, prod');
});

test('a project without workflows is a project', () => {
  const empty = projectWithoutWorkflows();
  try {
    const project = loadProject(empty.root);
    expect(project.declarations()).toEqual([]);
    expect(() => project.declaration('greet')).toThrow('unknown workflow "greet"; the workflows are: (none)');
  } finally {
    empty.cleanup();
  }
});

test('the root is the nearest folder up with workflows/index.ts', () => {
  expect(findProjectRoot(join(FIXTURE_PROJECT, 'functions', 'greet', 'src'))).toBe(FIXTURE_PROJECT);
  expect(findProjectRoot(FIXTURE_PROJECT)).toBe(FIXTURE_PROJECT);
  const outside = tempProject();
  try {
    mkdirSync(join(outside.root, 'deep'));
    expect(findProjectRoot(join(outside.root, 'deep'))).toBeUndefined();
  } finally {
    outside.cleanup();
  }
});

test('a missing file, a registry that is not one, and a registry that does not build are named', () => {
  const p = tempProject();
  try {
    expect(() => loadProject(p.root)).toThrow(ProjectError);
    expect(() => loadProject(p.root)).toThrow(/has no workflows\/index\.ts: a project registers its workflows in workflows\/index\.ts and its environments in config\/environments\.ts/);
    p.writeFile('workflows/index.ts', 'export const workflows = [];\n');
    expect(() => loadProject(p.root)).toThrow(/has no config\/environments\.ts/);
    p.writeFile('config/environments.ts', `export const environments = ${JSON.stringify(fixtureEnvironments)};\n`);
    p.writeFile('workflows/index.ts', 'export const workflows = {};\n');
    expect(() => loadProject(p.root)).toThrow('workflows/index.ts must export "workflows": an array of workflows (functions of the environment returning a declaration)');
    p.writeFile('workflows/index.ts', 'export const workflows = [;\n');
    expect(() => loadProject(p.root)).toThrow(/workflows\/index\.ts does not build:\nworkflows\/index\.ts:1:\d+: /);
  } finally {
    p.cleanup();
  }
});

test('components need distinct names of lowercase letters, digits and hyphens', () => {
  expect(checkRegistry({ workflows: [], components: [{ name: 'crm-api' }] }).components).toEqual([{ name: 'crm-api' }]);
  expect(() => checkRegistry({ workflows: [], components: [{ name: 'CRM' }] })).toThrow('workflows/index.ts: components[0] needs a "name" of 1-40 lowercase letters, digits or hyphens');
  expect(() => checkRegistry({ workflows: [], components: [{ name: 'a' }, { name: 'a' }] })).toThrow('workflows/index.ts: two components are named "a"');
  expect(() => checkRegistry({ workflows: [], components: {} as never })).toThrow('workflows/index.ts: "components" must be an array');
});
