package hotline

import (
	"strings"
	"testing"

	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch/deployment"
)

// The offline map draws the gazetteer's streets (named on hover) and
// landmarks; without a gazetteer it is the boundaries alone.
func TestMapDrawsStreetsAndLandmarks(t *testing.T) {
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(renderMap(dep.Atlas, dep.Directory, dep.Gazetteer).SVG)
	if n := strings.Count(svg, `class="street `); n != len(dep.Gazetteer.Streets()) || n == 0 {
		t.Errorf("%d streets drawn, want %d", n, len(dep.Gazetteer.Streets()))
	}
	if !strings.Contains(svg, `<title>Jalan Jenderal Sudirman</title>`) || !strings.Contains(svg, `<title>Masjid Raya Nur Addin</title>`) {
		t.Error("a street or a landmark is not named on the map")
	}
	if strings.Index(svg, `class="streets"`) > strings.Index(svg, `id="pin"`) {
		t.Error("streets drawn over the pin")
	}
	if bare := string(renderMap(dep.Atlas, dep.Directory, nil).SVG); strings.Contains(bare, `class="street`) {
		t.Error("streets drawn without a gazetteer")
	}
}
