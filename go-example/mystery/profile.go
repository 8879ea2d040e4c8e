package main

import "time"

// A profile is one deployment's configuration: which implementation each
// feature uses, and its knobs. Operations picks one per environment.
type profile struct {
	name string

	// checkout
	chargeAsync bool // call the gateway from a goroutine, so a charge in flight is never cut off half way
	auditBatch  bool // write an order's audit events in one batch when the order ends (else as they happen)

	// catalog
	searchIndex bool // look words up in an inverted index (else scan the catalog)
	searchLimit int  // most products one search returns

	// stock
	stockDirect bool          // ask the warehouse every time (else keep counts for stockTTL)
	stockTTL    time.Duration // how long a cached count is good for

	// partner recommendations
	picksStream bool // decode the partner's answer as it arrives (else read it whole)
	picksLimit  int  // products asked from the partner

	// reports
	reportPool     bool // a fixed pool of workers sums the days (else one goroutine per day)
	reportParallel int  // days summed at once

	// supplier imports
	importStaged bool // stage a batch before applying it (else validate, then apply)

	// shipping
	quoteWaitAll bool // wait for every carrier and drop the ones that fail (else answer on the first failure)
}

// profiles are the deployments this build knows, -variant 1 first.
var profiles = []profile{
	{
		name:        "1",
		chargeAsync: true, auditBatch: true,
		searchIndex: false, searchLimit: 20,
		stockDirect: true, stockTTL: 2 * time.Second,
		picksStream: false, picksLimit: 5,
		reportPool: false, reportParallel: 4,
		importStaged: false,
		quoteWaitAll: true,
	},
	{
		name:        "2",
		chargeAsync: false, auditBatch: true,
		searchIndex: true, searchLimit: 10,
		stockDirect: true, stockTTL: 5 * time.Second,
		picksStream: false, picksLimit: 8,
		reportPool: false, reportParallel: 3,
		importStaged: false,
		quoteWaitAll: true,
	},
	{
		name:        "3",
		chargeAsync: false, auditBatch: true,
		searchIndex: false, searchLimit: 20,
		stockDirect: false, stockTTL: 2 * time.Second,
		picksStream: false, picksLimit: 5,
		reportPool: false, reportParallel: 4,
		importStaged: false,
		quoteWaitAll: true,
	},
	{
		name:        "4",
		chargeAsync: false, auditBatch: true,
		searchIndex: false, searchLimit: 25,
		stockDirect: true, stockTTL: time.Second,
		picksStream: true, picksLimit: 6,
		reportPool: false, reportParallel: 4,
		importStaged: false,
		quoteWaitAll: true,
	},
	{
		name:        "5",
		chargeAsync: false, auditBatch: true,
		searchIndex: false, searchLimit: 20,
		stockDirect: true, stockTTL: 2 * time.Second,
		picksStream: false, picksLimit: 5,
		reportPool: true, reportParallel: 4,
		importStaged: false,
		quoteWaitAll: true,
	},
	{
		name:        "6",
		chargeAsync: false, auditBatch: true,
		searchIndex: false, searchLimit: 15,
		stockDirect: true, stockTTL: 5 * time.Second,
		picksStream: false, picksLimit: 4,
		reportPool: false, reportParallel: 3,
		importStaged: true,
		quoteWaitAll: true,
	},
	{
		name:        "7",
		chargeAsync: false, auditBatch: true,
		searchIndex: false, searchLimit: 20,
		stockDirect: true, stockTTL: time.Second,
		picksStream: false, picksLimit: 5,
		reportPool: false, reportParallel: 4,
		importStaged: false,
		quoteWaitAll: false,
	},
	{
		name:        "8",
		chargeAsync: false, auditBatch: false,
		searchIndex: false, searchLimit: 12,
		stockDirect: true, stockTTL: 2 * time.Second,
		picksStream: false, picksLimit: 5,
		reportPool: false, reportParallel: 3,
		importStaged: false,
		quoteWaitAll: true,
	},
}

// delays are how long the simulated gateway, partner, warehouse, carriers
// and ledger take to answer.
type delays struct {
	gateway   time.Duration // payment gateway, every charge
	review    time.Duration // payment gateway, extra for a charge it reviews
	warehouse time.Duration // warehouse stock count
	picks     time.Duration // partner recommendations
	carrier   time.Duration // shipping quote: the first carrier; the others take two and three times as long
	perOrder  time.Duration // ledger: summing one order of a day
}

// liveDelays are what the shop sees in production.
var liveDelays = delays{
	gateway:   25 * time.Millisecond,
	review:    450 * time.Millisecond,
	warehouse: 4 * time.Millisecond,
	picks:     15 * time.Millisecond,
	carrier:   20 * time.Millisecond,
	perOrder:  180 * time.Microsecond,
}
