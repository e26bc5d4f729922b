// Command laufbahn is the Laufbahn career platform: one binary that serves
// the JSON API and seeds the curated content, on embedded FerretDB by default
// or on MongoDB when MONGODB_URI is set.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "laufbahn:", err)
		os.Exit(1)
	}
}
