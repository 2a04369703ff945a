/** The Yonyou connectors: `yonyou` (YonBIP / YonSuite REST), `yonyou-nc` (NC over SOAP), `yonyou-u8` (U8 OpenAPI). */
export * from './bip';
export * from './nc';
export * from './u8';
