// Package features embeds the Dev Container Feature sources kept in this
// folder, so `devboot emit feature` writes exactly what features/devboot
// ships: these files are the one place the feature is edited.
package features

import "embed"

// Devboot holds features/devboot's devcontainer-feature.json and install.sh.
//
//go:embed devboot/devcontainer-feature.json devboot/install.sh
var Devboot embed.FS
