"""``gluon.data.vision``: image datasets read from local files, and transforms."""
from .datasets import (MNIST, FashionMNIST, CIFAR10, CIFAR100, ImageRecordDataset,
                       ImageFolderDataset)
from . import transforms

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset",
           "ImageFolderDataset", "transforms"]
