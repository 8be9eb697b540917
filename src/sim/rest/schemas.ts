// Required request fields per endpoint (swagger "required"), keyed by PX_PATHS names.
import type { PxEndpoint } from '../../shared/projectx'
import type { BodySchema } from './validation'

/** null = the endpoint takes no body (validate, logout, ping). */
export const BODY_SCHEMAS: Record<PxEndpoint, BodySchema | null> = {
  loginKey: { userName: 'string', apiKey: 'string' },
  loginApp: { userName: 'string', password: 'string', deviceId: 'string', appId: 'string', verifyKey: 'string' },
  validate: null,
  logout: null,
  ping: null,
  searchAccounts: { onlyActiveAccounts: 'bool' },
  searchContracts: { searchText: 'string', live: 'bool' },
  searchContractById: { contractId: 'string' },
  availableContracts: { live: 'bool' },
  retrieveBars: { contractId: 'string', live: 'bool', startTime: 'timestamp', endTime: 'timestamp', unit: 'int', unitNumber: 'int', limit: 'int', includePartialBar: 'bool' },
  placeOrder: {
    accountId: 'int',
    contractId: 'string',
    type: 'int',
    side: 'int',
    size: 'int',
    'limitPrice?': 'number',
    'stopPrice?': 'number',
    'trailPrice?': 'number',
    'customTag?': 'string',
    'stopLossBracket?': 'object',
    'takeProfitBracket?': 'object',
  },
  modifyOrder: { accountId: 'int', orderId: 'int', 'size?': 'int', 'limitPrice?': 'number', 'stopPrice?': 'number', 'trailPrice?': 'number' },
  cancelOrder: { accountId: 'int', orderId: 'int' },
  searchOrders: { accountId: 'int', startTimestamp: 'timestamp', 'endTimestamp?': 'timestamp' },
  searchOpenOrders: { accountId: 'int' },
  searchOrderById: { accountId: 'int', orderId: 'int' },
  queryOrders: { filter: 'object', 'pageSize?': 'int', 'pageOffset?': 'int', 'sortBy?': 'int', 'sortDirection?': 'int', 'includeTotalCount?': 'bool' },
  searchOpenPositions: { accountId: 'int' },
  closePosition: { accountId: 'int', contractId: 'string' },
  partialClosePosition: { accountId: 'int', contractId: 'string', size: 'int' },
  searchTrades: { accountId: 'int', 'startTimestamp?': 'timestamp', 'endTimestamp?': 'timestamp' },
}
