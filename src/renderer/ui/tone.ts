/** What a badge's or timer's colour says: fine, getting close, over / failed, informational, inactive. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'idle';
