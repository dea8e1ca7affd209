/**
 * Map state: ItemProcessor (or the deprecated Iterator), the items (ItemsPath / Items), the
 * ItemSelector (or the deprecated JSONPath Parameters), concurrency, and the distributed-mode
 * fields: ItemReader, ItemBatcher, ResultWriter, ToleratedFailure*, Label.
 */
import { z } from 'zod';
import { SCHEMA, fieldLabel, has, isObject, ptr, show, stateLabel, type JsonObject, type QueryLanguage, type StateCheck } from '../context';
import { checkRetryCatch } from '../common/retry-catch';
import {
  PLAIN,
  REFERENCE_PATH,
  WITH_RESULT,
  checkAssign,
  checkIoPaths,
  checkJsonataField,
  checkJsonataValue,
  checkPathField,
  checkPayloadTemplate,
} from '../common/payload';
import {
  anyJson,
  checkFields,
  checkSchema,
  exclusive,
  integer,
  jsonataString,
  number,
  object,
  oneOf,
  orJsonata,
  pathString,
  string,
  type FieldTable,
} from '../common/schemas';
import { BASE_SHAPE, COMMON_FIELDS, FLOW_FIELDS, FLOW_SHAPE, IO_FIELDS, NOT_TASK_NOTES, PATHS_SHAPE, checkNextOrEnd, payloadTemplate, type StateType } from '../common/state';
import { isArn } from './task';

export const fields = {
  ...COMMON_FIELDS,
  ...FLOW_FIELDS,
  ...IO_FIELDS,
  ItemProcessor: 'both',
  Iterator: 'both',
  ItemsPath: 'JSONPath',
  Items: 'JSONata',
  ItemSelector: 'both',
  Parameters: 'JSONPath',
  ItemReader: 'both',
  ItemBatcher: 'both',
  ResultWriter: 'both',
  MaxConcurrency: 'both',
  MaxConcurrencyPath: 'JSONPath',
  ToleratedFailurePercentage: 'both',
  ToleratedFailurePercentagePath: 'JSONPath',
  ToleratedFailureCount: 'both',
  ToleratedFailureCountPath: 'JSONPath',
  Label: 'both',
  ResultSelector: 'JSONPath',
  ResultPath: 'JSONPath',
  Output: 'JSONata',
  Assign: 'both',
  Retry: 'both',
  Catch: 'both',
} as const;

const { Retry: _r, Catch: _c, ...notes } = NOT_TASK_NOTES;

const readerFields: FieldTable = { Resource: 'both', ReaderConfig: 'both', Parameters: 'JSONPath', Arguments: 'JSONata' };
const readerConfigFields: FieldTable = {
  InputType: 'both',
  CSVHeaderLocation: 'both',
  CSVHeaders: 'both',
  CSVDelimiter: 'both',
  MaxItems: 'both',
  MaxItemsPath: 'JSONPath',
  ManifestType: 'both',
  ItemsPointer: 'both',
};
const batcherFields: FieldTable = {
  MaxItemsPerBatch: 'both',
  MaxItemsPerBatchPath: 'JSONPath',
  MaxInputBytesPerBatch: 'both',
  MaxInputBytesPerBatchPath: 'JSONPath',
  BatchInput: 'both',
};
const writerFields: FieldTable = { Resource: 'both', Parameters: 'JSONPath', Arguments: 'JSONata', WriterConfig: 'both' };
const writerConfigFields: FieldTable = { OutputType: 'both', Transformation: 'both' };
const processorConfigFields: FieldTable = { Mode: 'both', ExecutionType: 'both' };

/**
 * Fields only a distributed Map has. ToleratedFailurePercentage / Count (and their Path forms) are
 * accepted in an inline Map, where they have no effect: AWS accepts such definitions (issue 18's
 * corpus of recorded executions; LocalStack's provider, tested against AWS, reads them in either
 * mode and uses them only in a distributed one).
 */
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'Label'];
const MAX_ITEMS = 100000000;
const MAX_BATCH_BYTES = 262144;

const payloadOrJsonata = (ql: QueryLanguage, desc: string) =>
  ql === 'JSONPath' ? object(`${desc} (a payload template)`) : z.union([object(), jsonataString()], { error: () => `must be ${desc} or a JSONata expression "{% ... %}"` });

const schema = (ql: QueryLanguage) =>
  z.looseObject({
    ...BASE_SHAPE,
    ...FLOW_SHAPE,
    ItemProcessor: object('an object with StartAt and States').optional(),
    Iterator: object('an object with StartAt and States').optional(),
    ItemSelector: (ql === 'JSONPath' ? object('a JSON object (a payload template)') : anyJson()).optional(),
    ItemReader: object().optional(),
    ItemBatcher: object().optional(),
    ResultWriter: object().optional(),
    MaxConcurrency: orJsonata(integer(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer'), 'a non-negative integer', ql).optional(),
    ToleratedFailurePercentage: orJsonata(number(0, 100, 'a number from 0 to 100'), 'a number from 0 to 100', ql).optional(),
    ToleratedFailureCount: orJsonata(integer(0, Number.MAX_SAFE_INTEGER, 'a non-negative integer'), 'a non-negative integer', ql).optional(),
    Label: string().optional(),
    Assign: object().optional(),
    ...(ql === 'JSONPath'
      ? {
          ...PATHS_SHAPE,
          ItemsPath: pathString(false).optional(),
          Parameters: payloadTemplate(),
          ResultSelector: payloadTemplate(),
          MaxConcurrencyPath: pathString(false).optional(),
          ToleratedFailurePercentagePath: pathString(false).optional(),
          ToleratedFailureCountPath: pathString(false).optional(),
        }
      : {
          Items: z.union([z.array(z.unknown()), jsonataString()], { error: () => 'must be a JSON array or a JSONata expression "{% ... %}"' }).optional(),
          Output: anyJson().optional(),
        }),
  });

const readerSchema = (ql: QueryLanguage) =>
  z.looseObject({
    Resource: string('an ARN such as "arn:aws:states:::s3:getObject"'),
    ReaderConfig: object().optional(),
    ...(ql === 'JSONPath' ? { Parameters: payloadOrJsonata(ql, 'a JSON object').optional() } : { Arguments: payloadOrJsonata(ql, 'a JSON object').optional() }),
  });
const readerConfigSchema = (ql: QueryLanguage) =>
  z.looseObject({
    InputType: oneOf(['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'] as const).optional(),
    CSVHeaderLocation: oneOf(['FIRST_ROW', 'GIVEN'] as const).optional(),
    CSVHeaders: z.array(z.string(), { error: () => 'must be an array of strings (the column names)' }).optional(),
    CSVDelimiter: oneOf(['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'] as const).optional(),
    MaxItems: orJsonata(integer(0, MAX_ITEMS, `an integer from 0 to ${MAX_ITEMS}`), `an integer from 0 to ${MAX_ITEMS}`, ql).optional(),
    ManifestType: string().optional(),
    ItemsPointer: string().optional(),
    ...(ql === 'JSONPath' ? { MaxItemsPath: pathString(false).optional() } : {}),
  });
const batcherSchema = (ql: QueryLanguage) =>
  z.looseObject({
    MaxItemsPerBatch: orJsonata(integer(1, Number.MAX_SAFE_INTEGER, 'a positive integer'), 'a positive integer', ql).optional(),
    MaxInputBytesPerBatch: orJsonata(integer(1, MAX_BATCH_BYTES, `an integer from 1 to ${MAX_BATCH_BYTES} (256 KiB)`), `an integer from 1 to ${MAX_BATCH_BYTES} (256 KiB)`, ql).optional(),
    BatchInput: (ql === 'JSONPath' ? object('a JSON object (a payload template)') : anyJson()).optional(),
    ...(ql === 'JSONPath' ? { MaxItemsPerBatchPath: pathString(false).optional(), MaxInputBytesPerBatchPath: pathString(false).optional() } : {}),
  });
const writerSchema = (ql: QueryLanguage) =>
  z.looseObject({
    Resource: string('an ARN such as "arn:aws:states:::s3:putObject"').optional(),
    WriterConfig: object().optional(),
    ...(ql === 'JSONPath' ? { Parameters: payloadOrJsonata(ql, 'a JSON object').optional() } : { Arguments: payloadOrJsonata(ql, 'a JSON object').optional() }),
  });
const writerConfigSchema = z.looseObject({
  OutputType: oneOf(['JSON', 'JSONL'] as const),
  Transformation: oneOf(['NONE', 'COMPACT', 'FLATTEN'] as const).optional(),
});
const processorConfigSchema = z.looseObject({
  Mode: oneOf(['INLINE', 'DISTRIBUTED'] as const).optional(),
  ExecutionType: oneOf(['STANDARD', 'EXPRESS'] as const).optional(),
});

const SCHEMAS = {
  reader: { JSONPath: readerSchema('JSONPath'), JSONata: readerSchema('JSONata') },
  readerConfig: { JSONPath: readerConfigSchema('JSONPath'), JSONata: readerConfigSchema('JSONata') },
  batcher: { JSONPath: batcherSchema('JSONPath'), JSONata: batcherSchema('JSONata') },
  writer: { JSONPath: writerSchema('JSONPath'), JSONata: writerSchema('JSONata') },
};

/** A Label: at most 40 characters, none of whitespace, brackets, wildcards, special or control characters. */
const LABEL_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export const map: StateType = {
  fields,
  notes,
  schemas: { JSONPath: schema('JSONPath'), JSONata: schema('JSONata') },
  check(s: StateCheck, skipped) {
    const st = s.state;
    checkNextOrEnd(s);
    const hasProcessor = has(st, 'ItemProcessor');
    const hasIterator = has(st, 'Iterator');
    if (!hasProcessor && !hasIterator)
      s.ctx.report(s.pointer, SCHEMA, `${stateLabel(s)}: a Map state needs "ItemProcessor" (StartAt and States run for each item)`);
    else if (hasProcessor && hasIterator)
      s.ctx.report(ptr(s.pointer, 'Iterator'), SCHEMA, `${stateLabel(s)}: fields "ItemProcessor" and "Iterator" cannot be used together ("Iterator" is the deprecated name of "ItemProcessor")`, true);

    // Processor configuration decides which fields are allowed.
    let distributed = false;
    const processor = hasProcessor ? st.ItemProcessor : st.Iterator;
    const processorField = hasProcessor ? 'ItemProcessor' : 'Iterator';
    if (isObject(processor) && has(processor, 'ProcessorConfig')) {
      const config = processor.ProcessorConfig;
      const at = [processorField, 'ProcessorConfig'];
      if (!isObject(config)) {
        s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(at))} must be a JSON object, got ${show(config)}`);
      } else {
        const skip = checkFields(s, config, at, processorConfigFields, { where: 'in ProcessorConfig' });
        checkSchema(s, config, at, processorConfigSchema, skip);
        distributed = config.Mode === 'DISTRIBUTED';
        if (distributed && !has(config, 'ExecutionType'))
          s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'ExecutionType']))} is required in DISTRIBUTED mode ("STANDARD" or "EXPRESS")`);
      }
    }
    if (!distributed)
      for (const f of DISTRIBUTED_ONLY)
        if (has(st, f) && !skipped.has(f))
          s.ctx.report(
            ptr(s.pointer, f),
            SCHEMA,
            `${stateLabel(s)}: field "${f}" is only supported by a distributed Map (set ${processorField}.ProcessorConfig.Mode to "DISTRIBUTED")`,
            true,
          );

    if (s.ql === 'JSONPath') {
      checkIoPaths(s);
      exclusive(s, st, [], 'ItemSelector', 'Parameters');
      exclusive(s, st, [], 'MaxConcurrency', 'MaxConcurrencyPath');
      exclusive(s, st, [], 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath');
      exclusive(s, st, [], 'ToleratedFailureCount', 'ToleratedFailureCountPath');
      for (const f of ['ItemsPath', 'MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath'])
        if (has(st, f)) checkPathField(s, [f], st[f], REFERENCE_PATH);
      for (const f of ['ItemSelector', 'Parameters', 'ResultSelector']) if (isObject(st[f])) checkPayloadTemplate(s, st[f], [f]);
    } else {
      for (const f of ['Items', 'ItemSelector', 'MaxConcurrency', 'ToleratedFailurePercentage', 'ToleratedFailureCount']) checkJsonataField(s, f, PLAIN);
      checkJsonataField(s, 'Output', WITH_RESULT);
    }
    if (isObject(st.Assign)) checkAssign(s, st.Assign, ['Assign'], WITH_RESULT);

    if (typeof st.Label === 'string' && !skipped.has('Label')) {
      const chars = [...st.Label];
      const bad = LABEL_FORBIDDEN.exec(st.Label);
      if (chars.length === 0 || chars.length > 40 || bad)
        s.ctx.report(
          ptr(s.pointer, 'Label'),
          'INVALID_LABEL_NAME',
          `${stateLabel(s)}: field "Label" ${chars.length > 40 ? `is ${chars.length} characters long, at most 40 are allowed` : bad ? `contains ${JSON.stringify(bad[0])}; a label cannot contain whitespace, brackets, "?", "*" or any of " # % \\ ^ | ~ \` $ & , ; : /` : 'must not be empty'}`,
        );
      else if (s.ctx.labels.has(st.Label))
        s.ctx.report(ptr(s.pointer, 'Label'), 'DUPLICATE_LABEL_NAME', `${stateLabel(s)}: field "Label" ${JSON.stringify(st.Label)} is already used by another Map state; labels must be unique in the state machine`);
      else s.ctx.labels.set(st.Label, ptr(s.pointer, 'Label'));
    }

    if (isObject(st.ItemReader) && !skipped.has('ItemReader')) checkReader(s, st.ItemReader);
    if (isObject(st.ItemBatcher) && !skipped.has('ItemBatcher')) checkBatcher(s, st.ItemBatcher);
    if (isObject(st.ResultWriter) && !skipped.has('ResultWriter')) checkWriter(s, st.ResultWriter);

    checkRetryCatch(s);
    if (isObject(processor)) s.nested(processor, [processorField], hasProcessor ? 'processor' : 'iterator');
  },
};

function checkResource(s: StateCheck, obj: JsonObject, at: Array<string | number>): void {
  if (typeof obj.Resource === 'string' && !isArn(obj.Resource))
    s.ctx.report(ptr(s.pointer, ...at, 'Resource'), 'INVALID_RESOURCE', `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Resource']))} must be an ARN such as "arn:aws:states:::s3:getObject", got ${JSON.stringify(obj.Resource)}`);
}

function checkPayload(s: StateCheck, obj: JsonObject, at: Array<string | number>, skip: ReadonlySet<string>): void {
  const field = s.ql === 'JSONPath' ? 'Parameters' : 'Arguments';
  if (!has(obj, field) || skip.has(field)) return;
  if (s.ql === 'JSONPath') {
    if (isObject(obj[field])) checkPayloadTemplate(s, obj[field], [...at, field]);
  } else checkJsonataValue(s, obj[field], [...at, field], PLAIN);
}

function checkReader(s: StateCheck, reader: JsonObject): void {
  const at = ['ItemReader'];
  const skip = checkFields(s, reader, at, readerFields, { where: 'in ItemReader' });
  checkSchema(s, reader, at, SCHEMAS.reader[s.ql], skip);
  checkResource(s, reader, at);
  checkPayload(s, reader, at, skip);
  const config = reader.ReaderConfig;
  if (!isObject(config) || skip.has('ReaderConfig')) return;
  const cat = [...at, 'ReaderConfig'];
  const cskip = checkFields(s, config, cat, readerConfigFields, { where: 'in ReaderConfig' });
  checkSchema(s, config, cat, SCHEMAS.readerConfig[s.ql], cskip);
  exclusive(s, config, cat, 'MaxItems', 'MaxItemsPath');
  if (config.CSVHeaderLocation === 'GIVEN' && !has(config, 'CSVHeaders'))
    s.ctx.report(ptr(s.pointer, ...cat), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...cat, 'CSVHeaders']))} is required when CSVHeaderLocation is "GIVEN"`);
  if (s.ql === 'JSONPath' && has(config, 'MaxItemsPath')) checkPathField(s, [...cat, 'MaxItemsPath'], config.MaxItemsPath, REFERENCE_PATH);
  if (s.ql === 'JSONata' && has(config, 'MaxItems')) checkJsonataValue(s, config.MaxItems, [...cat, 'MaxItems'], PLAIN);
}

function checkBatcher(s: StateCheck, batcher: JsonObject): void {
  const at = ['ItemBatcher'];
  const skip = checkFields(s, batcher, at, batcherFields, { where: 'in ItemBatcher' });
  checkSchema(s, batcher, at, SCHEMAS.batcher[s.ql], skip);
  exclusive(s, batcher, at, 'MaxItemsPerBatch', 'MaxItemsPerBatchPath');
  exclusive(s, batcher, at, 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath');
  const limits = ['MaxItemsPerBatch', 'MaxItemsPerBatchPath', 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'];
  if (!limits.some((f) => has(batcher, f)))
    s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${stateLabel(s)}: field "ItemBatcher" needs at least one of "MaxItemsPerBatch" or "MaxInputBytesPerBatch"${s.ql === 'JSONPath' ? ' (or their *Path variants)' : ''}`);
  if (s.ql === 'JSONPath') {
    for (const f of ['MaxItemsPerBatchPath', 'MaxInputBytesPerBatchPath']) if (has(batcher, f)) checkPathField(s, [...at, f], batcher[f], REFERENCE_PATH);
    if (isObject(batcher.BatchInput)) checkPayloadTemplate(s, batcher.BatchInput, [...at, 'BatchInput']);
  } else for (const f of ['MaxItemsPerBatch', 'MaxInputBytesPerBatch', 'BatchInput']) if (has(batcher, f)) checkJsonataValue(s, batcher[f], [...at, f], PLAIN);
}

function checkWriter(s: StateCheck, writer: JsonObject): void {
  const at = ['ResultWriter'];
  const skip = checkFields(s, writer, at, writerFields, { where: 'in ResultWriter' });
  checkSchema(s, writer, at, SCHEMAS.writer[s.ql], skip);
  checkResource(s, writer, at);
  checkPayload(s, writer, at, skip);
  if (!has(writer, 'Resource') && !has(writer, 'WriterConfig'))
    s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${stateLabel(s)}: field "ResultWriter" needs "Resource" (where to write the results) or "WriterConfig"`);
  const config = writer.WriterConfig;
  if (isObject(config) && !skip.has('WriterConfig')) {
    const cat = [...at, 'WriterConfig'];
    const cskip = checkFields(s, config, cat, writerConfigFields, { where: 'in WriterConfig' });
    checkSchema(s, config, cat, writerConfigSchema, cskip);
  }
}
