"""``mx.gluon.rnn``: recurrent cells and layers."""
