/** An ILIKE pattern for text containing `text`: `%`, `_` and `\` in it are matched literally. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
