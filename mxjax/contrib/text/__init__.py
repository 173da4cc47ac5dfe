"""``mx.contrib.text``: token counting, vocabularies and token embeddings read from local
files (MXNet 1.9.1's ``contrib.text``)."""
from . import utils
from . import vocab
from . import embedding
