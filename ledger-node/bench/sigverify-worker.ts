// Worker for the all-cores signature benchmark: runs one verification loop and reports its count.
import { parentPort, workerData } from 'node:worker_threads';
import { runSigverifyLoop, type SigverifyJob } from './sigverify.ts';

const job = workerData as SigverifyJob;
parentPort!.postMessage(runSigverifyLoop(job));
