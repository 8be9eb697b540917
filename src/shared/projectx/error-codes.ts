// Per-endpoint errorCode enums from the gateway's swagger (spec projectx-api.md §3). The same integer
// means different things on different endpoints, so codes are only ever read through these tables.

export const LoginErrorCode = {
  Success: 0,
  UserNotFound: 1,
  PasswordVerificationFailed: 2,
  InvalidCredentials: 3,
  AppNotFound: 4,
  AppVerificationFailed: 5,
  InvalidDevice: 6,
  AgreementsNotSigned: 7,
  UnknownError: 8,
  ApiSubscriptionNotFound: 9,
  ApiKeyAuthenticationDisabled: 10,
} as const

export const ValidateErrorCode = {
  Success: 0,
  InvalidSession: 1,
  SessionNotFound: 2,
  ExpiredToken: 3,
  UnknownError: 4,
} as const

export const LogoutErrorCode = { Success: 0, InvalidSession: 1, UnknownError: 2 } as const

export const SearchAccountErrorCode = { Success: 0 } as const
export const SearchContractErrorCode = { Success: 0 } as const
export const SearchContractByIdErrorCode = { Success: 0, ContractNotFound: 1 } as const
export const ListAvailableContractErrorCode = { Success: 0 } as const

export const RetrieveBarErrorCode = {
  Success: 0,
  ContractNotFound: 1,
  UnitInvalid: 2,
  UnitNumberInvalid: 3,
  LimitInvalid: 4,
} as const

export const PlaceOrderErrorCode = {
  Success: 0,
  AccountNotFound: 1,
  OrderRejected: 2,
  InsufficientFunds: 3,
  AccountViolation: 4,
  OutsideTradingHours: 5,
  OrderPending: 6,
  UnknownError: 7,
  ContractNotFound: 8,
  ContractNotActive: 9,
  AccountRejected: 10,
} as const

export const ModifyOrderErrorCode = {
  Success: 0,
  AccountNotFound: 1,
  OrderNotFound: 2,
  Rejected: 3,
  Pending: 4,
  UnknownError: 5,
  AccountRejected: 6,
  ContractNotFound: 7,
} as const

export const CancelOrderErrorCode = {
  Success: 0,
  AccountNotFound: 1,
  OrderNotFound: 2,
  Rejected: 3,
  Pending: 4,
  UnknownError: 5,
  AccountRejected: 6,
} as const

export const SearchOrderErrorCode = { Success: 0, AccountNotFound: 1 } as const
export const SearchOrderByIdErrorCode = { Success: 0, OrderNotFound: 1 } as const
export const SearchPositionErrorCode = { Success: 0, AccountNotFound: 1 } as const

export const ClosePositionErrorCode = {
  Success: 0,
  AccountNotFound: 1,
  PositionNotFound: 2,
  ContractNotFound: 3,
  ContractNotActive: 4,
  OrderRejected: 5,
  OrderPending: 6,
  UnknownError: 7,
  AccountRejected: 8,
} as const

export const PartialClosePositionErrorCode = {
  Success: 0,
  AccountNotFound: 1,
  PositionNotFound: 2,
  ContractNotFound: 3,
  ContractNotActive: 4,
  InvalidCloseSize: 5,
  OrderRejected: 6,
  OrderPending: 7,
  UnknownError: 8,
  AccountRejected: 9,
} as const

export const SearchTradeErrorCode = { Success: 0, AccountNotFound: 1 } as const
