/** The address that opens Advanced hunting with a prepared query in a new tab of the editor (read by HuntingRoute). */
export const huntingLink = (query: string, title: string): string => `/advanced-hunting?${new URLSearchParams({ query, title }).toString()}`;
