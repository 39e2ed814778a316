/** The built-in decoders by the name EVENT_DECODER gives them. */
import type { CreateDecoder, DecoderPack } from '../types.ts';
import { createDecoder as agUi } from './ag-ui.ts';
import { createDecoder as aiSdk } from './ai-sdk.ts';
import { createDecoder as aiSdk4 } from './ai-sdk-4.ts';
import { createDecoder as flat } from './flat.ts';
import { createDecoder as reference } from './reference.ts';

export const PACKS: Readonly<Record<DecoderPack, CreateDecoder>> = { reference, flat, 'ai-sdk': aiSdk, 'ai-sdk-4': aiSdk4, 'ag-ui': agUi };
