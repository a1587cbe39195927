"""Public checks for ex14_batchnorm: small worked examples you can reproduce by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)


# Two samples, two features: mean [1, 3], biased variance [1, 4], so x_hat = [[-1, -1], [1, 1]]
# (up to eps = 1e-5, hence the tolerance), unbiased variance [2, 8].
X = np.array([[0.0, 1.0], [2.0, 5.0]])
GAMMA = np.array([2.0, 0.5])
BETA = np.array([0.0, 1.0])


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.forward"))
def test_forward_by_hand(student):
    out, _, rm, rv = student.batchnorm_forward(X, GAMMA, BETA, np.zeros(2), np.ones(2), 0.1, 1e-5, True)
    assert_close(out, [[-2.0, 0.5], [2.0, 1.5]], "out = gamma · x_hat + beta", rtol=1e-4, atol=1e-4)
    # running = 0.9 · running + 0.1 · batch statistic; running_var takes the UNBIASED variance.
    assert_close(rm, [0.1, 0.3], "running_mean = 0.9 · [0, 0] + 0.1 · [1, 3]",
                 mistakes={K("momentum_inverted"): [0.9, 2.7]})
    assert_close(rv, [1.1, 1.7], "running_var = 0.9 · [1, 1] + 0.1 · [2, 8]",
                 mistakes={K("running_var_biased"): [1.0, 1.3],
                           K("momentum_inverted"): [0.29, 0.89]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.backward"))
def test_backward_of_a_constant_gradient(student):
    # out shifts by the same amount for every sample when dout is constant; the batch mean
    # absorbs that, so dx = 0. dbeta = Σ dout = [2, 2]; dgamma = Σ x_hat = [0, 0].
    _, cache, _, _ = student.batchnorm_forward(X, GAMMA, BETA, np.zeros(2), np.ones(2), 0.1, 1e-5, True)
    dx, dgamma, dbeta = student.batchnorm_backward(np.ones((2, 2)), cache)
    assert_close(dbeta, [2.0, 2.0], "dbeta = dout summed over the batch",
                 mistakes={K("param_grads_not_summed"): np.ones((2, 2))})
    assert_close(dgamma, [0.0, 0.0], "dgamma = Σ dout · x_hat", atol=1e-9)
    assert_close(dx, np.zeros((2, 2)), "dx for a constant dout", atol=1e-9,
                 mistakes={K("backward_missing_terms"): lambda g: bool(np.abs(g).max() > 0.1)})
