/**
 * The graphs of real workflows for the browser tests: the fixture project's workflows, rendered
 * with their bindings as the engine renders them, and the copies of the example app's templates
 * (lib/asl/test/fixtures/templates), rendered with stand-ins.
 */
import { templateFixtures } from '../../asl/test/template-fixtures';
import { loadProject } from '../../project/load';
import { FIXTURE_PROJECT } from '../../test/fixture-project';
import { buildGraph, type StateGraph } from '../model';
import { renderForGraph, workflowSource } from '../source';

export function realGraphs(): Array<{ id: string; graph: StateGraph }> {
  return [
    ...loadProject(FIXTURE_PROJECT)
      .declarations()
      .map((w) => ({ id: w.name, graph: buildGraph(workflowSource(w, FIXTURE_PROJECT).definition) })),
    ...templateFixtures().map(({ file, text }) => ({ id: file, graph: buildGraph(renderForGraph(text, file).definition) })),
  ];
}
