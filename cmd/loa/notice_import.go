package main

import "github.com/spf13/cobra"

// noticeImportCmds are the import and export subcommands (letters, CAP).
func (a *app) noticeImportCmds() []*cobra.Command { return nil }
