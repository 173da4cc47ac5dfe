"""Constants shared by ``contrib.text``."""
UNKNOWN_IDX = 0
EOS_TOKEN = "<eos>"
