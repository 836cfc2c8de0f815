// Package contract holds tests only: the official Huawei Cloud Go SDK used
// as an independent client and schema against the simulator, so the
// simulator (and the clients tested against it) cannot drift from the real
// services' request and response shapes unnoticed. Production code imports
// nothing from here.
package contract
