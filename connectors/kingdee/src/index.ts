/** Kingdee connectors: K/3 Cloud (`kingdee`, ./k3) and 苍穹/星瀚 (`kingdee-cosmic`, ./cosmic). */
export * from './cosmic';
export * from './k3';
