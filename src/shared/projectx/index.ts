// The ProjectX Gateway wire surface shared by the client (src/main/gateway) and the simulator (src/sim).
export * from './enums'
export * from './error-codes'
export * from './models'
export * from './endpoints'
