/** Helpers shared by the Yonyou connectors (YonBIP, NC, U8). */
export * from './settings-values';
export * from './yonyou-time';
