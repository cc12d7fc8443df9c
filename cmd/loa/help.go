package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// localizeHelp puts every piece of cobra's help in the user's language: the
// usage template headings, the help flag, and the help and completion
// commands (replaced by our own).
func localizeHelp(root *cobra.Command, a *app) {
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(a.completionCmd(root))
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [COMMAND]",
		Short: a.T("cli.help.short"),
		RunE: func(c *cobra.Command, args []string) error {
			target, _, err := root.Find(args)
			if err != nil || target == nil {
				return usage("cli.unknown_command", strings.Join(args, " "))
			}
			return target.Help()
		},
	})
	tmpl := usageTemplate(a)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.SetUsageTemplate(tmpl)
		c.Flags().BoolP("help", "h", false, a.T("cli.flag.help", c.Name()))
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func usageTemplate(a *app) string {
	return fmt.Sprintf(`%s:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [%s]{{end}}{{if gt (len .Aliases) 0}}

%s:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

%s:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

%s:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

%s:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

%s:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

%s{{end}}
`, a.T("cli.help.usage"), a.T("cli.help.command"), a.T("cli.help.aliases"), a.T("cli.help.examples"),
		a.T("cli.help.commands"), a.T("cli.help.flags"), a.T("cli.help.global_flags"),
		a.T("cli.help.more", "{{.CommandPath}}"))
}

func (a *app) completionCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:       "completion bash|zsh|fish|powershell",
		Short:     a.T("cli.completion.short"),
		Long:      a.T("cli.completion.long"),
		ValidArgs: []string{"bash", "zsh", "fish", "powershell"},
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usage("cli.completion.need_shell")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			out := a.io.Out
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(out)
			}
			return usage("cli.completion.need_shell")
		},
	}
}
