/**
 * The preload of every tray window: exposes `window.pasang`, the typed AgentApi over IPC, and nothing else — no
 * ipcRenderer, no Node. Sandboxed preloads cannot require files of their own, so packaging bundles this one file with
 * src/shared/agentApiBridge.ts into dist/preload.js (see build/); tsc alone type-checks it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, createAgentApiBridge } from '../../shared/agentApiBridge';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  createAgentApiBridge(ipcRenderer, {
    // contextBridge keeps only an Error's message: a plain object keeps the code the page translates.
    rejectWith: (code, message) => ({ name: 'PasangError', code, message }),
  }),
);
