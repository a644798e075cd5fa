// attune as a library: conversation -> attributes -> the ones this request can use -> a personalized answer.
// Runs offline: the model is the AI SDK's mock. Put any AI SDK model in its place, e.g. openai('gpt-5.4').
import { extractAttributes, selectAttributes, generateResponse } from 'attune';
import { MockLanguageModelV3 } from 'ai/test';

const model = new MockLanguageModelV3({
  doGenerate: async ({ prompt }) => ({
    content: [{ type: 'text', text: `(${prompt[0].content.includes('known about this user') ? 'personalized' : 'generic'} answer)` }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: { total: 50, noCache: 50 }, outputTokens: { total: 5, text: 5 } },
    warnings: [],
  }),
});

// Stage 1: what the user said about themselves (offline extractor; pass `model` to use an LLM).
const { attributes } = await extractAttributes({
  userId: 'ana',
  messages: [
    { role: 'user', content: 'I am a vegetarian and I live in Lisbon. Any ideas for a quick dinner tonight?' },
    { role: 'assistant', content: 'How about a chickpea and spinach stew?' },
  ],
});
console.log('remembered:', attributes.map((a) => a.text));

// Stage 2: the attributes this request can use (an empty list means: answer generically). The label-free
// default goes by request kind and topic (the diet for dinner, the city for a trip, nothing for TCP); on people's
// labels it picks about as many as people do but agrees with them on few (F1 0.38 at 0.81x their rate; docs/stage2-selector.md).
// Pass `selector: 'model.json'` from `attune train select`, trained on people's labels, to do better.
for (const prompt of ['What should I cook tonight?', 'Plan a weekend trip for me', 'Explain how TCP handshakes work']) {
  const selected = await selectAttributes({ prompt, attributes });
  console.log(`"${prompt}" uses:`, selected.attributes, `(${selected.selector})`);

  // Stage 3: the answer, told to use those attributes where they help and not to name them.
  const { text, personalized } = await generateResponse({ model, prompt, attributes: selected.attributes });
  console.log(' ->', text, personalized ? '[personalized]' : '[generic]');
}
