/**
 * Importing this file registers every installed connector (each class carries @RegisterConnector).
 * Adding a vendor means adding its folder and one line here.
 */
import './beisen/src';
import './dingtalk/src';
import './kingdee/src';
import './webhook/src';
import './yonyou/src';

export { ConnectorRegistry } from '@hub/connector-sdk';
