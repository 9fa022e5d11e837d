/** A node of a tree: recursive through an array. */
export interface TreeNode {
  label: string;
  children: TreeNode[];
  parent?: TreeNode | null;
}

/** Mutual recursion. */
export interface Department {
  name: string;
  head: Employee;
}

export interface Employee {
  name: string;
  department?: Department;
  /** Nested inline object type: becomes Employee_Badge. */
  badge: { id: number; issued: Date };
}

export interface TreeService {
  echo(request: TreeNode): Promise<TreeNode>;
  employee(request: Employee): Promise<Department>;
}
