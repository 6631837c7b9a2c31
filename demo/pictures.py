"""Demo photos drawn with Pillow: landscapes, cities and stadiums, one per article.

Each picture is deterministic for its article (seeded by the slug), so the demo looks
the same on every machine, and nothing is downloaded or shipped as a binary file.
"""

import colorsys
import io
import itertools
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

# Drawing the demo photos

PHOTO_SIZE = (1600, 1000)
# Drawn at twice the final size and scaled down, which smooths the shapes' edges.
SUPERSAMPLE = 2
LAMP = (255, 214, 140)


@dataclass(frozen=True)
class Light:
    sky_top: tuple
    sky_horizon: tuple
    sun: tuple
    land: tuple
    shadow: float  # How far lit surfaces sink towards the land colour.
    lit_windows: float


LIGHTS = {
    "dawn": Light((66, 84, 150), (248, 190, 152), (255, 232, 196), (70, 62, 86), 0.5, 0.12),
    "day": Light((48, 108, 192), (200, 224, 242), (255, 251, 236), (70, 90, 62), 0.12, 0.0),
    "dusk": Light((34, 36, 92), (250, 138, 80), (255, 206, 128), (42, 32, 54), 0.72, 0.35),
    "night": Light((6, 10, 30), (34, 44, 86), (236, 236, 222), (12, 14, 26), 0.86, 0.55),
}
STONE = (212, 190, 156)
EARTH = (186, 156, 108)
CONTAINER_COLOURS = (
    (176, 58, 46),
    (40, 90, 150),
    (210, 120, 40),
    (60, 120, 80),
    (150, 150, 150),
    (230, 190, 60),
)


def mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def tint(colour, hue_shift, saturation):
    hue, lightness, sat = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    rgb = colorsys.hls_to_rgb((hue + hue_shift) % 1, lightness, min(1.0, sat * saturation))
    return tuple(round(channel * 255) for channel in rgb)


def draw_landscape(seed: str, scene: str, light: str) -> bytes:
    """A JPEG of the scene, the same every time for the same seed."""
    painter = Painter(seed, light)
    getattr(painter, f"paint_{scene}")()
    return painter.jpeg()


class Painter:
    """Paints one landscape; every random choice comes from a generator seeded per photo."""

    def __init__(self, seed: str, light_name: str):
        # Not security-sensitive: the seed only has to make the same picture each run.
        self.rng = random.Random(seed)  # noqa: S311
        self.light_name = light_name
        light = LIGHTS[light_name]
        hue_shift = self.rng.uniform(-0.04, 0.04)
        saturation = self.rng.uniform(0.85, 1.15)
        self.sky_top = tint(light.sky_top, hue_shift, saturation)
        self.sky_horizon = tint(light.sky_horizon, hue_shift, saturation)
        self.sun_colour = light.sun
        self.land = tint(light.land, hue_shift, saturation)
        self.haze = mix(self.sky_horizon, self.land, 0.3)
        self.shadow = light.shadow
        self.lit_windows = light.lit_windows
        self.width = PHOTO_SIZE[0] * SUPERSAMPLE
        self.height = PHOTO_SIZE[1] * SUPERSAMPLE
        self.horizon = round(self.height * self.rng.uniform(0.56, 0.64))
        self.image = self.gradient(self.width, self.height, self.sky_top, self.sky_horizon, 0.64)
        self.draw = ImageDraw.Draw(self.image, "RGBA")
        self.paint_sky_light()

    def jpeg(self) -> bytes:
        final = self.image.reduce(SUPERSAMPLE)
        buffer = io.BytesIO()
        final.save(buffer, format="JPEG", quality=86, optimize=True)
        return buffer.getvalue()

    # Building blocks

    def gradient(self, width, height, top, bottom, stop=1.0):
        """A vertical blend from `top` to `bottom`, reaching `bottom` at `stop` of the height."""
        column = Image.new("RGB", (1, height))
        reach = max(1, round(height * stop))
        column.putdata([mix(top, bottom, min(1.0, y / reach)) for y in range(height)])
        # Each row is one colour, so stretching sideways needs no interpolation.
        return column.resize((width, height), Image.Resampling.NEAREST)

    def band(self, top, bottom, top_colour, bottom_colour):
        top = max(0, round(top))
        if bottom > top:
            gradient = self.gradient(self.width, round(bottom) - top, top_colour, bottom_colour)
            self.image.paste(gradient, (0, top))

    def surface(self, base, depth=1.0):
        """A sunlit colour as it looks in this light, fading into haze with distance."""
        return mix(mix(base, self.land, self.shadow), self.haze, 1 - depth)

    def glow(self, x, y, radius, colour, strength):
        """A soft halo: a disc blurred at an eighth of the size, then scaled up.

        Only the part of the halo inside the picture is scaled up, which keeps a large
        glow around a low sun cheap.
        """
        factor = 8
        # Far enough out that the blurred edge has faded to nothing inside the box.
        reach = radius * 2.5
        left, top = x - reach, y - reach
        visible = (
            max(0, round(left)),
            max(0, round(top)),
            min(self.width, round(x + reach)),
            min(self.height, round(y + reach)),
        )
        if visible[0] >= visible[2] or visible[1] >= visible[3]:
            return
        small_size = max(1, round(reach * 2 / factor))
        mask = Image.new("L", (small_size, small_size), 0)
        centre, r = small_size / 2, radius / factor
        ImageDraw.Draw(mask).ellipse(
            (centre - r, centre - r, centre + r, centre + r), fill=strength
        )
        mask = mask.filter(ImageFilter.GaussianBlur(r * 0.6))
        scale = small_size / (reach * 2)
        mask = mask.resize(
            (visible[2] - visible[0], visible[3] - visible[1]),
            Image.Resampling.BILINEAR,
            box=tuple(
                min(small_size, max(0.0, (edge - origin) * scale))
                for edge, origin in zip(visible, (left, top, left, top), strict=True)
            ),
        )
        self.image.paste(colour, visible, mask)

    def ridge_line(self, base, amplitude, roughness=0.55, steps=8):
        """A jagged skyline by midpoint displacement: a list of (x, y) across the width."""
        heights = [self.rng.uniform(-1, 1), self.rng.uniform(-1, 1)]
        spread = 1.0
        for _ in range(steps):
            refined = []
            for left, right in itertools.pairwise(heights):
                refined += [left, (left + right) / 2 + self.rng.uniform(-spread, spread)]
            heights = [*refined, heights[-1]]
            spread *= roughness
        peak = max(abs(value) for value in heights) or 1
        last = len(heights) - 1
        return [
            (self.width * i / last, base - amplitude * value / peak)
            for i, value in enumerate(heights)
        ]

    def hill_line(self, base, amplitude, samples=160):
        waves = [
            (self.rng.uniform(0.6, 2.6) * (n + 1), self.rng.uniform(0, math.tau), 1 / (n + 1))
            for n in range(3)
        ]
        total = sum(weight for _, _, weight in waves)
        return [
            (
                self.width * i / samples,
                base
                - amplitude
                * sum(
                    weight * math.sin(frequency * math.pi * i / samples + phase)
                    for frequency, phase, weight in waves
                )
                / total,
            )
            for i in range(samples + 1)
        ]

    def fill_below(self, points, colour):
        self.draw.polygon([*points, (self.width, self.height), (0, self.height)], fill=colour)

    def shimmer(self, top, bottom, colour, count):
        """Light catching small waves: short strokes, longer and wider towards the viewer."""
        for _ in range(count):
            y = top + (bottom - top) * self.rng.random() ** 1.6
            nearness = (y - top) / max(1, bottom - top)
            length = self.width * self.rng.uniform(0.01, 0.05) * (0.4 + nearness)
            x = self.rng.uniform(-length, self.width)
            alpha = self.rng.randint(25, 70)
            self.draw.line(
                (x, y, x + length, y), fill=(*colour, alpha), width=max(2, round(3 * nearness))
            )

    def sun_reflection(self, top, bottom):
        for _ in range(60):
            y = self.rng.uniform(top, bottom)
            half = self.width * self.rng.uniform(0.005, 0.03) * (1 + (y - top) / (bottom - top))
            self.draw.line(
                (self.sun_x - half, y, self.sun_x + half, y),
                fill=(*self.sun_colour, self.rng.randint(60, 140)),
                width=SUPERSAMPLE * 2,
            )

    def water(self, top, bottom):
        self.band(
            top, bottom, mix(self.sky_horizon, self.land, 0.25), mix(self.sky_top, self.land, 0.45)
        )
        self.shimmer(top, bottom, mix(self.sky_horizon, (255, 255, 255), 0.4), 220)
        if self.light_name != "day":
            self.sun_reflection(top, bottom)

    # The sky

    def paint_sky_light(self):
        w, h = self.width, self.height
        self.sun_x = w * self.rng.uniform(0.15, 0.85)
        if self.light_name == "night":
            for _ in range(260):
                x, y = self.rng.uniform(0, w), self.horizon * self.rng.random() ** 1.5
                size = self.rng.choice((1, 1, 2, 2, 3))
                alpha = self.rng.randint(90, 230)
                self.draw.ellipse((x, y, x + size, y + size), fill=(255, 255, 240, alpha))
            y, radius = h * self.rng.uniform(0.1, 0.22), h * 0.035
            self.glow(self.sun_x, y, radius * 4, self.sun_colour, 70)
            self.draw.ellipse(
                (self.sun_x - radius, y - radius, self.sun_x + radius, y + radius),
                fill=self.sun_colour,
            )
            return
        if self.light_name == "day":
            y, radius = h * self.rng.uniform(0.08, 0.2), h * 0.04
        else:
            y, radius = self.horizon - h * self.rng.uniform(0.04, 0.14), h * 0.055
        self.glow(self.sun_x, y, radius * 6, self.sun_colour, 150)
        self.draw.ellipse(
            (self.sun_x - radius, y - radius, self.sun_x + radius, y + radius),
            fill=self.sun_colour,
        )

    # Scenes, each named in the demo content

    def paint_mountains(self):
        h = self.height
        layers = self.rng.randint(4, 5)
        for layer in range(layers):
            depth = (layer + 1) / layers
            base = self.horizon - h * 0.12 + depth * h * 0.32
            ridge = self.ridge_line(base, h * (0.17 - 0.025 * layer))
            self.fill_below(ridge, mix(self.haze, self.land, depth))

    def paint_lake(self):
        h = self.height
        nearest = None
        for layer in range(3):
            depth = (layer + 1) / 4
            nearest = self.ridge_line(self.horizon - h * (0.12 - 0.04 * layer), h * 0.14)
            self.fill_below(nearest, mix(self.haze, self.land, depth))
        self.water(self.horizon, h)
        mirrored = [(x, 2 * self.horizon - y) for x, y in nearest]
        self.draw.polygon(
            [(0, self.horizon), *mirrored, (self.width, self.horizon)],
            fill=(*mix(self.haze, self.land, 0.75), 110),
        )
        self.fill_below(self.hill_line(h * 0.93, h * 0.04), self.land)

    def paint_river(self):
        w, h = self.width, self.height
        far_bank = self.horizon + h * 0.03
        self.fill_below(self.hill_line(self.horizon, h * 0.01), mix(self.haze, self.land, 0.5))
        x = 0.0
        while x < w:
            building = w * self.rng.uniform(0.01, 0.04)
            top = self.horizon - h * self.rng.uniform(0.005, 0.04)
            self.draw.rectangle(
                (x, top, x + building, far_bank), fill=mix(self.haze, self.land, 0.45)
            )
            x += building + w * self.rng.uniform(0, 0.03)
        near_bank = self.horizon + h * self.rng.uniform(0.2, 0.26)
        self.water(far_bank, near_bank + h * 0.03)
        self.fill_below(
            self.hill_line(near_bank, h * 0.02), mix(self.surface(EARTH), self.land, 0.5)
        )
        for _ in range(self.rng.randint(3, 5)):
            base = (w * self.rng.uniform(0.02, 0.98), self.rng.uniform(near_bank + h * 0.04, h))
            self.palm(base, h * self.rng.uniform(0.3, 0.48), mix(self.land, (0, 0, 0), 0.3))

    def palm(self, base, height, colour):
        x0, y0 = base
        lean = height * self.rng.uniform(-0.25, 0.25)
        trunk = [(x0 + lean * t * t, y0 - height * t) for t in (i / 12 for i in range(13))]
        for i, (start, end) in enumerate(itertools.pairwise(trunk)):
            self.draw.line((start, end), fill=colour, width=round(height * (0.05 - 0.002 * i)))
        top_x, top_y = trunk[-1]
        for _ in range(self.rng.randint(8, 11)):
            angle = self.rng.uniform(math.radians(195), math.radians(345))
            length = height * self.rng.uniform(0.3, 0.45)
            points = [
                (
                    top_x + math.cos(angle) * length * t,
                    top_y + math.sin(angle) * length * t + length * 0.7 * t * t,
                )
                for t in (i / 10 for i in range(11))
            ]
            for i, (start, end) in enumerate(itertools.pairwise(points)):
                self.draw.line(
                    (start, end), fill=colour, width=max(2, round(height * (0.025 - 0.002 * i)))
                )

    def paint_fields(self):
        h = self.height
        self.fill_below(
            self.ridge_line(self.horizon - h * 0.06, h * 0.1), mix(self.haze, self.land, 0.3)
        )
        green = self.surface((116, 150, 72))
        for layer, base in enumerate(
            (self.horizon, self.horizon + h * 0.08, self.horizon + h * 0.2)
        ):
            depth = 0.55 + 0.2 * layer
            line = self.hill_line(base, h * 0.04)
            self.fill_below(line, mix(self.haze, green, depth))
            if layer:
                self.orchard_rows(line, depth, rows=5 + 2 * layer)

    def orchard_rows(self, ridge, depth, rows):
        h = self.height
        leaves = mix(self.haze, self.surface((46, 96, 40)), depth)
        highlight = mix(leaves, self.sun_colour, 0.25)
        for row in range(rows):
            offset = h * 0.012 * row * (1 + row * 0.35)
            radius = h * (0.004 + 0.0025 * row) * (1 + depth)
            step = radius * 3.2
            for x, y in ridge[:: max(1, round(step / (self.width / (len(ridge) - 1))))]:
                cx, cy = x + self.rng.uniform(-radius, radius), y + offset + radius
                self.draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=leaves)
                self.draw.ellipse(
                    (cx - radius * 0.7, cy - radius * 0.8, cx + radius * 0.1, cy),
                    fill=(*highlight, 90),
                )

    def paint_plain(self):
        w, h = self.width, self.height
        self.fill_below(self.ridge_line(self.horizon, h * 0.035), mix(self.haze, self.land, 0.35))
        ground = self.surface(EARTH)
        self.band(self.horizon, h, mix(self.haze, ground, 0.6), mix(ground, self.land, 0.3))
        for row in range(1, 30):
            y = self.horizon + (h - self.horizon) * (row / 30) ** 2
            self.draw.line((0, y, w, y), fill=(*self.land, 40), width=SUPERSAMPLE)
        vanish_x = w * self.rng.uniform(0.55, 0.8)
        start_x = w * self.rng.uniform(0.05, 0.25)
        colour = mix(self.land, (0, 0, 0), 0.2)
        previous_top = None
        for pole in range(14, -1, -1):
            scale = 1 / (1 + pole * 0.8)
            base_x = vanish_x + (start_x - vanish_x) * scale
            base_y = self.horizon + (h * 1.05 - self.horizon) * scale
            top = (base_x, base_y - h * 0.5 * scale)
            thickness = max(SUPERSAMPLE, round(h * 0.012 * scale))
            self.draw.line((base_x, base_y, *top), fill=colour, width=thickness)
            self.draw.line(
                (top[0] - h * 0.05 * scale, top[1], top[0] + h * 0.05 * scale, top[1]),
                fill=colour,
                width=thickness,
            )
            if previous_top:
                sag = (
                    (previous_top[0] + top[0]) / 2,
                    (previous_top[1] + top[1]) / 2 + h * 0.02 * scale,
                )
                self.draw.line(
                    (previous_top, sag, top), fill=colour, width=SUPERSAMPLE, joint="curve"
                )
            previous_top = top

    def paint_solar(self):
        w, h = self.width, self.height
        self.fill_below(self.hill_line(self.horizon, h * 0.03), mix(self.haze, self.land, 0.3))
        ground = self.surface(EARTH)
        self.band(self.horizon + h * 0.01, h, mix(self.haze, ground, 0.7), ground)
        panel = mix((30, 50, 96), self.sky_top, 0.2)
        edge = mix(self.sky_horizon, (255, 255, 255), 0.3)
        for row in range(18, -1, -1):
            scale = 1 / (1 + row * 0.55)
            bottom = self.horizon + h * 0.015 + (h * 1.1 - self.horizon) * scale
            tall = h * 0.09 * scale
            skew = tall * 0.6
            self.draw.polygon(
                (
                    (-w * 0.1, bottom),
                    (w * 1.1, bottom),
                    (w * 1.1 + skew, bottom - tall),
                    (-w * 0.1 + skew, bottom - tall),
                ),
                fill=panel,
            )
            self.draw.line(
                (-w * 0.1 + skew, bottom - tall, w * 1.1 + skew, bottom - tall),
                fill=edge,
                width=max(1, round(4 * scale * SUPERSAMPLE)),
            )
            module = w * 0.06 * scale
            x = -w * 0.1
            while x < w * 1.1:
                self.draw.line(
                    (x, bottom, x + skew, bottom - tall),
                    fill=(*self.sky_top, 90),
                    width=max(1, round(2 * scale * SUPERSAMPLE)),
                )
                x += module

    def paint_city(self):
        h = self.height
        self.fill_below(
            self.hill_line(self.horizon - h * 0.05, h * self.rng.uniform(0.04, 0.12)),
            mix(self.haze, self.surface((96, 130, 70)), 0.5),
        )
        self.skyline(ground=self.horizon + h * 0.1, tallest=h * 0.18, depth=0.45, landmarks=False)
        self.skyline(ground=self.horizon + h * 0.34, tallest=h * 0.42, depth=1.0, landmarks=True)
        self.band(self.horizon + h * 0.34, h, self.surface(STONE), self.land)

    def skyline(self, ground, tallest, depth, landmarks):
        w = self.width
        x = -w * 0.02
        landmark_at = {self.rng.randint(2, 5), self.rng.randint(7, 11)} if landmarks else set()
        index = 0
        while x < w:
            index += 1
            if index in landmark_at:
                x = self.mosque(x, ground, tallest, depth)
                continue
            width = w * self.rng.uniform(0.035, 0.09)
            height = tallest * self.rng.uniform(0.35, 1.0)
            stone = mix(
                STONE, self.rng.choice(((240, 226, 200), (180, 170, 160), (200, 170, 130))), 0.5
            )
            self.building(x, ground - height, width, height, self.surface(stone, depth), depth)
            x += width + w * self.rng.uniform(0, 0.012)

    def building(self, left, top, width, height, colour, depth):
        right, bottom = left + width, top + height
        self.draw.rectangle((left, top, right, bottom), fill=colour)
        self.draw.rectangle(
            (right - width * 0.18, top, right, bottom), fill=mix(colour, self.land, 0.3)
        )
        cell = self.height * 0.022 * (0.5 + depth / 2)
        dark = mix(colour, self.land, 0.45)
        y = top + cell * 0.8
        while y + cell * 0.6 < bottom:
            x = left + cell * 0.6
            while x + cell * 0.5 < right - width * 0.18:
                lit = self.rng.random() < self.lit_windows
                self.draw.rectangle(
                    (x, y, x + cell * 0.45, y + cell * 0.55), fill=LAMP if lit else dark
                )
                x += cell
            y += cell * 1.2

    def mosque(self, left, ground, tallest, depth):
        colour = self.surface(STONE, depth)
        dome_colour = self.surface(self.rng.choice(((70, 140, 150), (200, 170, 110))), depth)
        width = self.width * 0.1
        hall_top = ground - tallest * 0.3
        self.draw.rectangle((left, hall_top, left + width, ground), fill=colour)
        radius = width * 0.32
        centre = left + width / 2
        self.draw.pieslice(
            (centre - radius, hall_top - radius, centre + radius, hall_top + radius),
            180,
            360,
            fill=dome_colour,
        )
        tower = left + width + self.width * 0.01
        narrow = self.width * 0.012
        top = ground - tallest * 1.1
        self.draw.rectangle((tower, top, tower + narrow, ground), fill=colour)
        self.draw.rectangle(
            (
                tower - narrow * 0.4,
                top + tallest * 0.18,
                tower + narrow * 1.4,
                top + tallest * 0.21,
            ),
            fill=colour,
        )
        self.draw.polygon(
            ((tower, top), (tower + narrow, top), (tower + narrow / 2, top - narrow * 2.5)),
            fill=dome_colour,
        )
        return tower + narrow + self.width * 0.02

    def paint_citadel(self):
        w, h = self.width, self.height
        self.fill_below(
            self.hill_line(self.horizon - h * 0.02, h * 0.03), mix(self.haze, self.land, 0.3)
        )
        summit = self.horizon - h * 0.04
        foot = self.horizon + h * 0.24
        earth = self.surface(EARTH)
        self.draw.polygon(
            ((w * 0.02, foot), (w * 0.18, summit), (w * 0.82, summit), (w * 0.98, foot)), fill=earth
        )
        wall = self.surface((222, 186, 134))
        x = w * 0.18
        while x < w * 0.82:
            width = min(w * self.rng.uniform(0.02, 0.05), w * 0.82 - x)
            top = summit - h * self.rng.uniform(0.07, 0.11)
            self.draw.rectangle(
                (x, top, x + width, summit),
                fill=mix(wall, self.land, self.rng.uniform(0, 0.12)),
            )
            if self.rng.random() < 0.7:
                lit = self.rng.random() < self.lit_windows
                window = h * 0.012
                wx = x + width / 2 - window / 2
                self.draw.rectangle(
                    (wx, top + window * 1.5, wx + window, top + window * 3),
                    fill=LAMP if lit else mix(wall, self.land, 0.5),
                )
            x += width
        gate = w * 0.5
        arch = w * 0.025
        self.draw.rectangle(
            (gate - arch, summit - h * 0.06, gate + arch, summit), fill=mix(wall, self.land, 0.6)
        )
        self.draw.pieslice(
            (gate - arch, summit - h * 0.06 - arch, gate + arch, summit - h * 0.06 + arch),
            180,
            360,
            fill=mix(wall, self.land, 0.6),
        )
        self.draw.polygon(
            (
                (gate - arch, summit),
                (gate + arch, summit),
                (gate + arch * 3, foot),
                (gate - arch * 3, foot),
            ),
            fill=mix(earth, STONE, 0.3),
        )
        self.band(foot, h, mix(earth, self.land, 0.4), self.land)
        self.skyline(ground=h * 1.02, tallest=h * 0.12, depth=1.0, landmarks=False)

    def paint_stadium(self):
        w, h = self.width, self.height
        stand_top, pitch_top = self.horizon - h * 0.14, self.horizon + h * 0.04
        concrete = self.surface((150, 150, 160))
        self.draw.rectangle((0, stand_top, w, pitch_top), fill=concrete)
        self.draw.rectangle(
            (0, stand_top - h * 0.03, w, stand_top), fill=mix(concrete, self.land, 0.6)
        )
        crowd = [
            mix(colour, concrete, 0.4)
            for colour in (
                (200, 40, 40),
                (240, 240, 240),
                (40, 60, 160),
                (230, 190, 60),
                (40, 40, 40),
            )
        ]
        for _ in range(5000):
            x = self.rng.uniform(0, w)
            y = self.rng.uniform(stand_top + h * 0.01, pitch_top - h * 0.01)
            dot = h * 0.004
            self.draw.ellipse((x, y, x + dot, y + dot), fill=self.rng.choice(crowd))
        lit_pitch = (60, 140, 60) if self.light_name == "night" else self.surface((80, 150, 70))
        rows = 14
        for row in range(rows):
            top = pitch_top + (h - pitch_top) * (row / rows) ** 1.4
            bottom = pitch_top + (h - pitch_top) * ((row + 1) / rows) ** 1.4
            shade = lit_pitch if row % 2 else mix(lit_pitch, (0, 0, 0), 0.12)
            self.draw.rectangle((0, top, w, bottom), fill=shade)
        chalk = (245, 245, 245, 210)
        line = SUPERSAMPLE * 3
        near = pitch_top + h * 0.02
        self.draw.line((w * 0.08, near, w * 0.92, near), fill=chalk, width=line)
        self.draw.line((w * 0.08, near, -w * 0.35, h), fill=chalk, width=line)
        self.draw.line((w * 0.92, near, w * 1.35, h), fill=chalk, width=line)
        self.draw.line((w * 0.5, near, w * 0.5, h), fill=chalk, width=line)
        centre_y = near + (h - near) * 0.45
        self.draw.ellipse(
            (w * 0.38, centre_y - h * 0.09, w * 0.62, centre_y + h * 0.09),
            outline=chalk,
            width=line,
        )
        floodlights_on = self.light_name in ("night", "dusk")
        for x in (
            (w * 0.12, w * 0.88)
            if self.rng.random() < 0.5
            else (w * 0.06, w * 0.36, w * 0.64, w * 0.94)
        ):
            top = self.horizon - h * 0.44
            steel = mix(self.land, concrete, 0.3)
            self.draw.polygon(
                (
                    (x - w * 0.008, pitch_top - h * 0.05),
                    (x + w * 0.008, pitch_top - h * 0.05),
                    (x + w * 0.003, top),
                    (x - w * 0.003, top),
                ),
                fill=steel,
            )
            lamps = (x - w * 0.035, top - h * 0.05, x + w * 0.035, top)
            self.draw.rectangle(lamps, fill=steel)
            if floodlights_on:
                self.glow(x, top - h * 0.025, h * 0.14, LAMP, 190)
            for column in range(6):
                for lamp_row in range(3):
                    lx = lamps[0] + w * 0.004 + column * w * 0.011
                    ly = lamps[1] + h * 0.006 + lamp_row * h * 0.015
                    self.draw.rectangle(
                        (lx, ly, lx + w * 0.008, ly + h * 0.01),
                        fill=(255, 250, 230)
                        if floodlights_on
                        else mix(steel, (255, 255, 255), 0.5),
                    )

    def paint_refinery(self):
        w, h = self.width, self.height
        ground = self.horizon + h * 0.08
        self.band(ground, h, mix(self.surface(EARTH), self.land, 0.5), self.land)
        # Floodlit plant stays visible in the dark, so it is shaded less than other scenes.
        steel = mix((170, 172, 176), self.land, self.shadow * 0.6)
        flare_x = w * self.rng.uniform(0.65, 0.85)
        flare_top = self.horizon - h * 0.36
        self.glow(flare_x, flare_top - h * 0.04, h * 0.3, (255, 140, 40), 170)
        self.draw.rectangle(
            (flare_x - w * 0.004, flare_top, flare_x + w * 0.004, ground),
            fill=mix(steel, self.land, 0.4),
        )
        self.draw.ellipse(
            (flare_x - w * 0.012, flare_top - h * 0.09, flare_x + w * 0.012, flare_top + h * 0.005),
            fill=(255, 150, 40),
        )
        self.draw.ellipse(
            (flare_x - w * 0.006, flare_top - h * 0.055, flare_x + w * 0.006, flare_top),
            fill=(255, 230, 150),
        )
        for _ in range(self.rng.randint(3, 4)):
            x = w * self.rng.uniform(0.05, 0.55)
            tall, narrow = h * self.rng.uniform(0.2, 0.34), w * self.rng.uniform(0.012, 0.022)
            self.draw.rectangle(
                (x, ground - tall, x + narrow, ground), fill=mix(steel, self.land, 0.2)
            )
            for level in range(1, 5):
                y = ground - tall * level / 5
                self.draw.rectangle(
                    (x - narrow * 0.4, y, x + narrow * 1.4, y + h * 0.006),
                    fill=mix(steel, self.land, 0.35),
                )
                self.lights(x - narrow * 0.4, y - h * 0.01, x + narrow * 1.4, y, 2)
        for _ in range(self.rng.randint(3, 5)):
            x = w * self.rng.uniform(0.0, 0.9)
            wide = w * self.rng.uniform(0.07, 0.12)
            tall = h * self.rng.uniform(0.06, 0.1)
            base = ground + h * self.rng.uniform(0.03, 0.12)
            self.draw.rectangle((x, base - tall, x + wide, base), fill=steel)
            self.draw.rectangle(
                (x, base - tall, x + wide * 0.25, base), fill=mix(steel, (255, 255, 255), 0.15)
            )
            self.draw.ellipse(
                (x, base - tall - h * 0.015, x + wide, base - tall + h * 0.015),
                fill=mix(steel, self.sky_horizon, 0.3),
            )
            self.lights(x, base - tall, x + wide, base, 3)
        for _ in range(4):
            y = ground - h * self.rng.uniform(0.0, 0.05)
            self.draw.line(
                (w * self.rng.uniform(0, 0.3), y, w * self.rng.uniform(0.5, 1), y),
                fill=mix(steel, self.land, 0.3),
                width=SUPERSAMPLE * 3,
            )

    def lights(self, left, top, right, bottom, count):
        if self.light_name == "day":
            return
        size = self.height * 0.004
        for _ in range(count):
            x, y = self.rng.uniform(left, right), self.rng.uniform(top, bottom)
            self.draw.ellipse((x, y, x + size, y + size), fill=LAMP)

    def paint_port(self):
        w, h = self.width, self.height
        self.fill_below(self.hill_line(self.horizon, h * 0.02), mix(self.haze, self.land, 0.4))
        quay = self.horizon + h * 0.16
        self.band(
            self.horizon + h * 0.01,
            quay,
            mix(self.haze, self.surface(STONE), 0.6),
            self.surface(STONE),
        )
        self.draw.rectangle(
            (0, quay, w, quay + h * 0.025), fill=mix(self.surface(STONE), self.land, 0.5)
        )
        box_w, box_h = w * 0.045, h * 0.035
        for column in range(int(w / box_w) + 1):
            for level in range(self.rng.randint(0, 4)):
                colour = self.surface(self.rng.choice(CONTAINER_COLOURS))
                x, y = column * box_w, quay - (level + 1) * box_h
                self.draw.rectangle(
                    (x, y, x + box_w - SUPERSAMPLE * 2, y + box_h - SUPERSAMPLE * 2), fill=colour
                )
                self.draw.line(
                    (x, y + box_h * 0.2, x + box_w, y + box_h * 0.2),
                    fill=(*mix(colour, self.land, 0.4), 120),
                    width=SUPERSAMPLE,
                )
        paint = self.surface(self.rng.choice(((200, 60, 40), (60, 100, 160), (220, 150, 40))))
        for x in sorted(w * self.rng.uniform(0.05, 0.85) for _ in range(3)):
            self.crane(x, quay, paint)
        self.water(quay + h * 0.025, h)

    def crane(self, x, quay, colour):
        w, h = self.width, self.height
        span, girder = w * 0.06, quay - h * 0.34
        beam = SUPERSAMPLE * 6
        for leg in (x, x + span):
            self.draw.line((leg, quay, leg, girder), fill=colour, width=beam)
        self.draw.line((x, quay - h * 0.12, x + span, quay - h * 0.12), fill=colour, width=beam)
        apex = (x + span * 0.5, girder - h * 0.12)
        left_end, right_end = (x - w * 0.1, girder), (x + span + w * 0.12, girder)
        self.draw.line((left_end, right_end), fill=colour, width=beam * 2)
        self.draw.line(((x, girder), apex, (x + span, girder)), fill=colour, width=beam)
        self.draw.line((left_end, apex, right_end), fill=colour, width=SUPERSAMPLE * 2)
        self.draw.rectangle(
            (x - w * 0.005, girder + beam, x + w * 0.02, girder + h * 0.04),
            fill=mix(colour, self.land, 0.3),
        )
