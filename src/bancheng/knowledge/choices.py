from bancheng.domain.articles import ArticleStatus

ARTICLE_STATUS_CHOICES = [(s.value, s.label) for s in ArticleStatus]

# The printable guide card's paper sizes: (code, label, CSS size, width and height in points).
CARD_SIZES = {
    "a6": ("A6", "A6", 297.64, 419.53),
    "a5": ("A5", "A5", 419.53, 595.28),
}
