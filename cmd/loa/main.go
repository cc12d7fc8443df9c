// Command loa turns scam-warning notices into timed Vietnamese loudspeaker
// scripts and broadcast-ready bulletins for ward and commune stations.
package main

import "os"

func main() { os.Exit(Main()) }
