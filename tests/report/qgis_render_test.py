#!/usr/bin/python3
"""The coverage GeoPackage as a QGIS user opens it (PyQGIS, offscreen): every layer loads, each
with the style stored in the file; drawn together over the département, the map is not blank, and
the polygons (communes, PM zones, worksites) do not hide the premises, which are drawn over them.

Usage: qgis_render_test.py FIBRE_BINARY [WORK_DIR]
Exits 77 (ctest's skip) with a message where PyQGIS is not installed."""

import os
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings,
                           QgsRectangle, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError as e:
    print(f"SKIP: PyQGIS is not installed ({e}); scripts/install-deps.sh installs python3-qgis for the tests")
    sys.exit(77)

# The renderer each layer's stored style must give.
EXPECTED_RENDERERS = {
    "premises": "categorizedSymbol",
    "communes": "graduatedSymbol",
    "pm_zones": "singleSymbol",
    "network_links": "categorizedSymbol",
    "worksites": "categorizedSymbol",
    "defects": "categorizedSymbol",
}
# Drawn last first: points over lines over polygons.
ORDER = ["defects", "premises", "network_links", "worksites", "pm_zones", "communes"]
SIZE = 900

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def render(layers, extent):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(SIZE, SIZE))
    settings.setExtent(extent)
    settings.setDestinationCrs(layers[-1].crs())
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def main():
    fibre = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="fibre-qgis-")
    try:
        return run(fibre, work)
    finally:
        if len(sys.argv) <= 2:
            shutil.rmtree(work, ignore_errors=True)


def run(fibre, work):
    demo = os.path.join(work, "demo")
    gpkg = os.path.join(work, "coverage.gpkg")
    subprocess.run([fibre, "-q", "demo", "--premises", "1500", "--seed", "7", "--out", demo], check=True)
    db = os.path.join(demo, "fibre.sqlite")
    subprocess.run([fibre, "-q", "export", "--db", db, "--at", "2025-12-31", "--out", gpkg, "--overwrite"],
                   check=True)
    subprocess.run([fibre, "-q", "export", "--db", db, "--at", "2025-12-31", "--layer", "defects", "--update",
                    "--out", gpkg], check=True)

    app = QgsApplication([], False)
    app.initQgis()
    layers = {}
    for name in ORDER:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        check(layer.isValid(), f"{name}: the layer loads")
        if not layer.isValid():
            continue
        layers[name] = layer
        renderer = layer.renderer().type() if layer.renderer() else None
        check(renderer == EXPECTED_RENDERERS[name],
              f"{name}: its stored style gives a {EXPECTED_RENDERERS[name]} renderer (got {renderer})")
        if renderer in ("categorizedSymbol", "graduatedSymbol"):
            classes = layer.renderer().categories() if renderer == "categorizedSymbol" else layer.renderer().ranges()
            check(len(classes) >= 2, f"{name}: its legend has {len(classes)} classes")
        check(layer.featureCount() > 0 or name == "defects", f"{name}: {layer.featureCount()} features")
    if "communes" not in layers or "premises" not in layers:
        print("FAIL the communes or the premises did not load")
        return 1

    extent = QgsRectangle(layers["communes"].extent())
    extent.scale(1.05)
    everything = render([layers[n] for n in ORDER if n in layers], extent)
    alone = render([layers["premises"]], extent)
    # The premises with the polygon layers, in the project's order: the polygons under them.
    polygons = [n for n in ORDER if n in ("premises", "worksites", "pm_zones", "communes") and n in layers]
    over_polygons = render([layers[n] for n in polygons], extent)
    everything.save(os.path.join(work, "everything.png"))
    alone.save(os.path.join(work, "premises.png"))
    over_polygons.save(os.path.join(work, "premises-over-polygons.png"))

    white = QColor(255, 255, 255).rgb()
    drawn = sum(1 for y in range(0, SIZE, 2) for x in range(0, SIZE, 2) if everything.pixel(x, y) != white)
    check(drawn > (SIZE // 2) ** 2 // 10, f"the map is not blank: {drawn} of {(SIZE // 2) ** 2} sampled pixels drawn")

    # Every pixel the premises colour when drawn alone keeps that colour over the polygons, give
    # or take the blending of the polygons' edges. Premises hidden by other premises are
    # hidden alike in both renders.
    premise_pixels = visible = 0
    for y in range(SIZE):
        for x in range(SIZE):
            c = alone.pixel(x, y)
            core = QColor(c)
            # The symbols' inner pixels only: their antialiased rims blend with what is under them.
            if (255 - core.red()) + (255 - core.green()) + (255 - core.blue()) < 300:
                continue
            premise_pixels += 1
            a, b = QColor(c), QColor(over_polygons.pixel(x, y))
            if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60:
                visible += 1
    check(premise_pixels > 1000, f"the premises draw {premise_pixels} pixels on their own")
    share = visible / premise_pixels if premise_pixels else 0
    check(share >= 0.95,
          f"{visible} of {premise_pixels} premise pixels ({share:.0%}) stay visible over the communes, PM zones "
          "and worksites")
    print(f"renders: {os.path.join(work, 'everything.png')}, {os.path.join(work, 'premises.png')}")
    return 1 if failures else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Without QgsApplication.exitQgis(), and with no Python teardown: PyQGIS 3.22 can crash while
    # Python frees the layers after QGIS has shut down, which would hide the result.
    os._exit(code)
