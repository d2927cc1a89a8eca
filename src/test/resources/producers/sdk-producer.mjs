// Puts each record as it is, one Kinesis record each, with AWS's SDK v3 (@aws-sdk/client-kinesis)
// PutRecords, retrying the entries that failed.
//
//   node sdk-producer.mjs --modules DIR --endpoint URL --stream NAME --input FILE
//        [--region us-east-1] [--batch 100] [--attempts 8]
// Prints: summary {"userRecords":N,"kinesisRecords":N,"sent":N,"retried":R,"failed":F}
import { args, modules, readInput, client, putAll, summary } from './kinesis.mjs';

const a = args(['modules', 'endpoint', 'stream', 'input']);
const require = modules(a.modules);
const records = readInput(a.input);
const entries = records.map((r) => ({ PartitionKey: r.key, Data: r.data }));
const kinesis = client(require, a.endpoint, a.region ?? 'us-east-1');
const stats = await putAll(require, kinesis, a.stream, entries, Number(a.batch ?? 100), Number(a.attempts ?? 8));
summary({ userRecords: records.length, kinesisRecords: entries.length, ...stats });
