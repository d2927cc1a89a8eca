// Puts user records as KPL aggregates built by AWS Labs' aws-kinesis-agg (RecordAggregator), as a
// Node.js producer does: every --per-aggregate consecutive user records, whatever their partition
// keys, form one aggregate, sent under the partition key the library gives it (its first record's).
//
//   node agg-producer.mjs --modules DIR --endpoint URL --stream NAME --input FILE
//        [--per-aggregate 10] [--region us-east-1] [--batch 100] [--attempts 8]
// Prints: summary {"userRecords":N,"kinesisRecords":A,"sent":A,"retried":R,"failed":F}
import { args, modules, readInput, client, putAll, summary } from './kinesis.mjs';

const a = args(['modules', 'endpoint', 'stream', 'input']);
const require = modules(a.modules);
const { RecordAggregator } = require('aws-kinesis-agg');
const perAggregate = Number(a['per-aggregate'] ?? 10);

const records = readInput(a.input);
const aggregates = [];
for (let i = 0; i < records.length; i += perAggregate) {
  const aggregator = new RecordAggregator();
  for (const r of records.slice(i, i + perAggregate)) aggregator.addUserRecord({ partitionKey: r.key, data: r.data });
  const encoded = aggregator.build(); // {partitionKey, data}: magic, AggregatedRecord protobuf, MD5
  aggregates.push({ PartitionKey: encoded.partitionKey, Data: encoded.data });
}
const kinesis = client(require, a.endpoint, a.region ?? 'us-east-1');
const stats = await putAll(require, kinesis, a.stream, aggregates, Number(a.batch ?? 100), Number(a.attempts ?? 8));
summary({ userRecords: records.length, kinesisRecords: aggregates.length, ...stats });
