package content

import (
	"os"
	"testing"

	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }
