import { modules } from '../../../server/module-table.js';
import { sse } from '../../fixtures/transports/sse/index.js';
import { sseEgress } from '../../fixtures/transports/sse/reader.js';
import { mjpegEgress, socketioFrameFetch, socketioWebsocket } from './adapters/egress.js';
import { httpIngest, socketioIngest } from './adapters/ingest.js';
import { egressContract, ingestContract } from './contract.js';

egressContract(socketioWebsocket);
egressContract(socketioFrameFetch);
egressContract(mjpegEgress);
ingestContract(socketioIngest);
ingestContract(httpIngest);

// The demonstration: a transport that is one folder (test/fixtures/transports/sse) plus this one table line.
egressContract(sseEgress, { table: [...modules, sse] });
