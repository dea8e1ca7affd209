/**
 * Choice: goes to the Next of the first Choice Rule that matches its effective input (after
 * InputPath), else to Default; with neither, it fails with States.NoChoiceMatched (States Language
 * specification, "Choice State"; AWS's list of predefined errors). Its output is its effective
 * input after OutputPath. Events: ChoiceStateEntered, ChoiceStateExited.
 */
import { pathContext } from '../context';
import { compileChoiceRule, type PathContext } from '../jsonpath';
import { Failure } from '../errors';
import type { Thread } from '../thread';
import { compileProcessing, type Processing, type QueryLanguage } from '../io';
import type { Json, JsonObject } from '../json';
import { compileValue, typeError, type CompiledValue } from '../jsonata';
import { compilePayload } from '../jsonpath';
import { JsonataIO, finishWith } from '../jsonata-io';
import { State, lookup } from './state';

interface Rule {
  test: (ctx: PathContext) => boolean;
  nextName: string;
  next: State | null;
  /** JSONPath: the rule's Assign (`$` the effective input). */
  assign: ((ctx: PathContext) => Json) | null;
  /** JSONata: the rule's Condition, Output and Assign. */
  condition: CompiledValue | null;
  output: CompiledValue | null;
  assignJ: CompiledValue | null;
}

export class ChoiceState extends State {
  private readonly io: Processing;
  private readonly rules: Rule[];
  private readonly defaultName: string | undefined;
  private defaultState: State | null = null;
  private readonly jio: JsonataIO | null;

  constructor(name: string, def: JsonObject, ql: QueryLanguage) {
    super(name, 'Choice', def, ql);
    this.io = compileProcessing(def, ql, { inputPath: true, outputPath: true }, name);
    const jsonata = ql === 'JSONata';
    this.jio = jsonata ? new JsonataIO(def, false) : null;
    this.rules = ((def.Choices as JsonObject[]) ?? []).map((c, i) => ({
      test: jsonata ? () => false : compileChoiceRule(c),
      nextName: c.Next as string,
      next: null,
      assign: !jsonata && c.Assign !== undefined ? compilePayload(c.Assign, 'Assign') : null,
      condition: jsonata ? compileValue(c.Condition, `Choices[${i}]/Condition`) : null,
      output: jsonata && c.Output !== undefined ? compileValue(c.Output, `Choices[${i}]/Output`) : null,
      assignJ: jsonata && c.Assign !== undefined ? compileValue(c.Assign, `Choices[${i}]/Assign`) : null,
    }));
    this.defaultName = typeof def.Default === 'string' ? def.Default : undefined;
  }

  override link(states: ReadonlyMap<string, State>): void {
    for (const r of this.rules) r.next = lookup(states, r.nextName, this.name);
    if (this.defaultName !== undefined) this.defaultState = lookup(states, this.defaultName, this.name);
  }

  exec(t: Thread, raw: Json): Json | Promise<Json> {
    this.enter(t, raw);
    if (this.jio !== null) return this.execJsonata(t, raw, this.jio);
    const ctx = pathContext(t, raw, this.usesContext, this.name);
    const effective = this.io.inputPath(raw, ctx);
    let next: State | null = null;
    let rule: Rule | null = null;
    for (const r of this.rules) {
      ctx.input = effective;
      if (r.test(ctx)) {
        next = r.next;
        rule = r;
        break;
      }
    }
    if (rule !== null && rule.assign !== null) {
      // The matched rule's Assign, with `$` the effective input.
      ctx.input = effective;
      t.pendingAssign = rule.assign(ctx) as JsonObject;
    }
    if (next === null) {
      if (this.defaultState === null) {
        throw new Failure('States.NoChoiceMatched', `No Choice Rule of the Choice state '${this.name}' matched its input, and it has no Default.`);
      }
      next = this.defaultState;
    }
    const pending = t.pendingAssign;
    const out = this.io.outputPath(effective, ctx);
    // The state-level Assign applies when no rule's Assign did (the Default, or a rule without one).
    if (pending !== null) t.pendingAssign = pending;
    this.leave(t, out);
    t.next = next;
    return out;
  }

  /** JSONata: the first rule whose Condition is true (Output and Assign: the rule's, else the state's), else Default. */
  private async execJsonata(t: Thread, raw: Json, jio: JsonataIO): Promise<Json> {
    const states = JsonataIO.states(t, this.name, raw);
    const b = { states, vars: t.vars };
    for (const r of this.rules) {
      const v = await (r.condition as CompiledValue).evaluate(b);
      if (typeof v !== 'boolean') throw typeError(`Condition`, 'a boolean', v);
      if (v) {
        const out = await finishWith(t, r.output ?? jio.output, r.assignJ ?? jio.assign, states, raw);
        this.leave(t, out);
        t.next = r.next;
        return out;
      }
    }
    if (this.defaultState === null) {
      throw new Failure('States.NoChoiceMatched', `No Choice Rule of the Choice state '${this.name}' matched its input, and it has no Default.`);
    }
    const out = await finishWith(t, jio.output, jio.assign, states, raw);
    this.leave(t, out);
    t.next = this.defaultState;
    return out;
  }
}
