#!/usr/bin/env python3
"""Generate TinyTalk, the course's small question/answer corpus: `corpus.txt`.

Usage (from the repository root):

    python3 data/tinytalk/generate.py           # (re)write data/tinytalk/corpus.txt
    python3 data/tinytalk/generate.py --check   # exit 1 if corpus.txt differs from the output

Python 3 standard library only. The output is fully determined by this file: there is no
randomness at all (not even a seeded one, because the algorithms behind `random.shuffle`
are not promised to stay the same across Python versions), so every run on every machine
writes the same bytes. Categories are interleaved round-robin so that the fixed split
(every 10th pair is validation, see PROVENANCE.md) samples all of them.

Format: one question/answer pair per two lines, "Q: ...\\n" then "A: ...\\n"; ASCII only,
Unix line endings, no blank lines.
"""

import sys
from pathlib import Path

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
        "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def word(n):
    """English words for 0 <= n < 100: 42 -> 'forty-two'."""
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + ("" if ones == 0 else "-" + ONES[ones])


def cap(text):
    return text[0].upper() + text[1:]


def greetings():
    return [
        ("Hello!", "Hello! How can I help you?"),
        ("Hi!", "Hi there!"),
        ("Good morning!", "Good morning to you too!"),
        ("Good afternoon!", "Good afternoon! I hope your day is going well."),
        ("Good evening!", "Good evening! It is nice to see you."),
        ("Good night!", "Good night! Sleep well."),
        ("How are you?", "I am fine, thank you."),
        ("What is your name?", "My name is Tiny."),
        ("Who are you?", "I am Tiny, a small talking program."),
        ("Are you happy?", "Yes, I am happy to talk with you."),
        ("Thank you!", "You are welcome."),
        ("Please help me.", "Of course. What do you need?"),
        ("Can you count?", "Yes, I can count from one to twenty."),
        ("Nice to meet you!", "Nice to meet you too!"),
        ("Goodbye!", "Goodbye! Have a nice day."),
    ]


def colors():
    things = [
        ("sky", "blue"), ("grass", "green"), ("snow", "white"), ("sun", "yellow"),
        ("banana", "yellow"), ("strawberry", "red"), ("tomato", "red"), ("orange", "orange"),
        ("coal", "black"), ("milk", "white"), ("lemon", "yellow"), ("leaf", "green"),
        ("cherry", "red"), ("carrot", "orange"), ("chocolate", "brown"), ("grape", "purple"),
        ("cloud", "white"), ("pumpkin", "orange"), ("frog", "green"), ("crow", "black"),
        ("ocean", "blue"),
    ]
    pairs = [(f"What color is the {t}?", f"The {t} is {c}.") for t, c in things]
    mixes = [("blue", "yellow", "green"), ("red", "blue", "purple"),
             ("red", "yellow", "orange"), ("red", "white", "pink"),
             ("black", "white", "grey")]
    pairs += [(f"What do you get when you mix {a} and {b}?", f"You get {c}.")
              for a, b, c in mixes]
    return pairs


def animals():
    sounds = [("dog", "woof"), ("cat", "meow"), ("cow", "moo"), ("duck", "quack"),
              ("sheep", "baa"), ("pig", "oink"), ("horse", "neigh"), ("lion", "roar"),
              ("owl", "hoot"), ("bee", "buzz"), ("frog", "croak"), ("mouse", "squeak")]
    legs = [("dog", 4), ("cat", 4), ("bird", 2), ("spider", 8), ("ant", 6), ("fish", 0),
            ("snake", 0), ("horse", 4), ("chicken", 2), ("bee", 6), ("duck", 2), ("cow", 4)]
    homes = [("fish", "in the water"), ("bird", "in a nest"), ("bee", "in a hive"),
             ("bear", "in a cave"), ("cow", "on a farm"), ("camel", "in the desert"),
             ("penguin", "on the ice"), ("monkey", "in the trees")]
    babies = [("dog", "puppy"), ("cat", "kitten"), ("cow", "calf"), ("sheep", "lamb"),
              ("duck", "duckling"), ("horse", "foal"), ("chicken", "chick")]
    out = []
    for a, s in sounds:
        out.append((f"What does a {a} say?", f"A {a} says {s}."))
    for a, n in legs:
        answer = f"A {a} has no legs." if n == 0 else f"A {a} has {word(n)} legs."
        out.append((f"How many legs does a {a} have?", answer))
    for a, h in homes:
        out.append((f"Where does a {a} live?", f"A {a} lives {h}."))
    for a, b in babies:
        out.append((f"What is a baby {a} called?", f"A baby {a} is called a {b}."))
    return out


def numbers():
    out = []
    for n in range(20):
        out.append((f"What comes after {word(n)}?", f"After {word(n)} comes {word(n + 1)}."))
    for n in range(1, 11):
        out.append((f"What comes before {word(n)}?", f"Before {word(n)} comes {word(n - 1)}."))
    for n in range(3, 7):
        counting = ", ".join(word(k) for k in range(1, n + 1))
        out.append((f"Count from one to {word(n)}.", cap(counting) + "."))
    for n in range(1, 11):
        kind = "even" if n % 2 == 0 else "odd"
        out.append((f"Is {word(n)} even or odd?", f"{cap(word(n))} is {kind}."))
    for a, b in [(3, 7), (9, 2), (5, 8), (12, 4), (6, 11), (15, 10)]:
        big = max(a, b)
        out.append((f"Which is bigger, {word(a)} or {word(b)}?", f"{cap(word(big))} is bigger."))
    return out


def time():
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    seasons = ["spring", "summer", "autumn", "winter"]
    out = []
    for i, d in enumerate(days):
        nxt = days[(i + 1) % 7]
        out.append((f"What day comes after {d}?", f"{nxt} comes after {d}."))
    for i, m in enumerate(months):
        nxt = months[(i + 1) % 12]
        out.append((f"What month comes after {m}?", f"{nxt} comes after {m}."))
    for i, s in enumerate(seasons):
        nxt = seasons[(i + 1) % 4]
        out.append((f"What season comes after {s}?", f"{cap(nxt)} comes after {s}."))
    out += [
        ("How many days are in a week?", "There are seven days in a week."),
        ("How many months are in a year?", "There are twelve months in a year."),
        ("How many hours are in a day?", "There are twenty-four hours in a day."),
        ("How many minutes are in an hour?", "There are sixty minutes in an hour."),
        ("How many seconds are in a minute?", "There are sixty seconds in a minute."),
        ("Which days are the weekend?", "Saturday and Sunday are the weekend."),
        ("When do we sleep?", "We sleep at night."),
        ("When does the sun rise?", "The sun rises in the morning."),
        ("When does the sun set?", "The sun sets in the evening."),
        ("Which season is the coldest?", "Winter is the coldest season."),
        ("Which season is the hottest?", "Summer is the hottest season."),
    ]
    return out


def facts():
    opposites = [("hot", "cold"), ("big", "small"), ("up", "down"), ("day", "night"),
                 ("fast", "slow"), ("happy", "sad"), ("open", "closed"), ("wet", "dry"),
                 ("old", "new"), ("left", "right")]
    shapes = [("triangle", 3), ("square", 4), ("pentagon", 5), ("hexagon", 6)]
    senses = [("see", "eyes"), ("hear", "ears"), ("smell", "nose"), ("taste", "tongue")]
    out = [(f"What is the opposite of {a}?", f"The opposite of {a} is {b}.")
           for a, b in opposites]
    out += [(f"How many sides does a {s} have?", f"A {s} has {word(n)} sides.")
            for s, n in shapes]
    out += [(f"What do we use to {v}?", f"We use our {p} to {v}.") for v, p in senses]
    out += [
        ("What do bees make?", "Bees make honey."),
        ("What do cows give us?", "Cows give us milk."),
        ("Is ice hot or cold?", "Ice is cold."),
        ("Is fire hot or cold?", "Fire is hot."),
        ("What falls from the clouds?", "Rain falls from the clouds."),
        ("What shape is a ball?", "A ball is round."),
        ("What do plants need to grow?", "Plants need water and sunlight."),
        ("Where do fish swim?", "Fish swim in the water."),
        ("What do we drink when we are thirsty?", "We drink water."),
        ("What shines in the night sky?", "The moon and the stars shine at night."),
    ]
    return out


def arithmetic():
    out = []
    # Additions a + b with a = 1..9 and two partners each: b = (3a mod 10) and 10 - a.
    for a in range(1, 10):
        for b in sorted({(3 * a) % 10, 10 - a}):
            out.append((f"What is {word(a)} plus {word(b)}?",
                        f"{cap(word(a))} plus {word(b)} is {word(a + b)}."))
    # Subtractions a - b with a = 2..10: b = a // 2 and b = 1.
    for a in range(2, 11):
        for b in sorted({a // 2, 1}):
            out.append((f"What is {word(a)} minus {word(b)}?",
                        f"{cap(word(a))} minus {word(b)} is {word(a - b)}."))
    # Products a * b with 2 <= a <= b <= 5.
    for a in range(2, 6):
        for b in range(a, 6):
            out.append((f"What is {word(a)} times {word(b)}?",
                        f"{cap(word(a))} times {word(b)} is {word(a * b)}."))
    return out


def interleave(groups):
    """Round-robin: the first pair of each group, then the second of each, ..."""
    out = []
    longest = max(len(g) for g in groups)
    for i in range(longest):
        for g in groups:
            if i < len(g):
                out.append(g[i])
    return out


def corpus_text():
    pairs = interleave([greetings(), colors(), animals(), numbers(), time(), facts(),
                        arithmetic()])
    lines = []
    for q, a in pairs:
        assert "\n" not in q + a and q.isascii() and a.isascii()
        lines.append(f"Q: {q}\n")
        lines.append(f"A: {a}\n")
    return "".join(lines)


def main():
    path = Path(__file__).resolve().parent / "corpus.txt"
    text = corpus_text()
    if "--check" in sys.argv[1:]:
        same = path.exists() and path.read_bytes() == text.encode("ascii")
        print(f"{path}: {'up to date' if same else 'DIFFERS from generate.py output'}")
        sys.exit(0 if same else 1)
    path.write_bytes(text.encode("ascii"))
    pairs = text.count("\n") // 2
    print(f"wrote {path}: {pairs} pairs, {2 * pairs} lines, {len(text)} bytes")


if __name__ == "__main__":
    main()
