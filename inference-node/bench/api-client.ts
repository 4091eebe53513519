// Worker thread of bench/api.ts: the API's client (the official openai SDK) on its own event loop, as a
// client process would be, so that its SSE parsing does not run on the server's loop. Each message runs
// one streamed request and posts back its timings.
import { parentPort, workerData } from 'node:worker_threads';
import OpenAI from 'openai';

interface Job {
  baseURL: string;
  apiKey: string;
  input: string;
  maxTokens: number;
}

const job = workerData as Job;
const client = new OpenAI({ baseURL: job.baseURL, apiKey: job.apiKey, maxRetries: 0 });
// One streamed request per message from the bench; 'exit' ends the worker.
parentPort!.on('message', async (msg: string) => {
  if (msg === 'exit') {
    parentPort!.close();
    return;
  }
  const t0 = performance.now();
  let ttft = 0;
  let tokens = 0;
  const stream = await client.chat.completions.create({
    model: 'tiny',
    messages: [{ role: 'user', content: job.input }],
    temperature: 0,
    max_tokens: job.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const c of stream) {
    if (!ttft && c.choices[0]?.delta?.content) ttft = performance.now() - t0;
    if (c.usage) tokens = c.usage.completion_tokens;
  }
  parentPort!.postMessage({ ms: performance.now() - t0, ttft, tokens });
});
