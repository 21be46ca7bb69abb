//! Course infrastructure (not graded): an op defined outside modules 01 and 06 brings its
//! own backward rule through `Op::Custom`, as modules 09 and later do.

use ndarray::ArrayD;
use std::sync::Arc;
use tinytorch_autograd::{GradCheck, backward, check_gradients};
use tinytorch_tensor::{CustomOp, Op, Tensor};

/// y = x³, with its own backward dy/dx = 3x².
#[derive(Debug)]
struct Cube(Tensor);

impl CustomOp for Cube {
    fn name(&self) -> &'static str {
        "cube"
    }
    fn inputs(&self) -> Vec<&Tensor> {
        vec![&self.0]
    }
    fn backward(&self, _out: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
        let local = self.0.data().mapv(|x| 3.0 * x * x);
        vec![Some(local * grad)]
    }
}

fn cube(x: &Tensor) -> Tensor {
    let data = x.data().mapv(|v| v * v * v);
    Tensor::from_op(data, &[x], || Op::Custom(Arc::new(Cube(x.clone()))))
}

#[test]
fn a_custom_op_is_differentiated_by_its_own_rule() {
    let x = Tensor::from_vec(vec![1.0, -2.0, 0.5], &[3])
        .unwrap()
        .with_requires_grad(true);
    let y = cube(&x);
    assert_eq!(y.op().map(Op::name), Some("cube"));
    let grads = backward(&y.sum_all()).unwrap();
    assert_eq!(grads.get(&x).unwrap().to_vec(), vec![3.0, 12.0, 0.75]);
    check_gradients(|t| cube(&t[0]), &[x], GradCheck::default()).expect("3x^2 matches");
}
