// The demo institution: head office departments, branches (分行) and sub-branches (支行), and their staff.
import { BANK, BRANCHES, HEAD_OFFICE_DEPTS, SURNAMES, GIVEN } from './vocab'
import type { Rng } from './random'

export interface DemoUnit { id: number; code: string; name: string; kind: 'head_office' | 'branch' | 'sub_branch' | 'department'; parentId: number | null; region: string | null }
export interface DemoStaff { id: number; code: string; name: string; unitId: number; title: string }

export interface DemoOrganisation {
  units: DemoUnit[]
  staff: DemoStaff[]
  headOffice: DemoUnit
  departments: DemoUnit[]
  /** Units where complaints arise: sub-branches (and their branch). */
  outlets: DemoUnit[]
  staffByUnit: Map<number, DemoStaff[]>
  branchOf: Map<number, DemoUnit>
}

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '')
}

const OUTLET_TITLES = ['柜员', '柜员', '大堂经理', '客户经理', '理财经理', '网点负责人', '运营主管', '个贷经理']
const BRANCH_TITLES = ['消保主管', '投诉处理专员', '投诉处理专员', '合规经理', '分行行长助理', '零售部经理']
const DEPT_TITLES = ['投诉处理专员', '高级经理', '部门负责人', '客服专员', '客服专员', '总行高级管理人员']

export function buildOrganisation(rng: Rng): DemoOrganisation {
  const units: DemoUnit[] = []
  const staff: DemoStaff[] = []
  const staffByUnit = new Map<number, DemoStaff[]>()
  const branchOf = new Map<number, DemoUnit>()
  const addUnit = (u: Omit<DemoUnit, 'id'>): DemoUnit => {
    const unit = { ...u, id: units.length + 1 }
    units.push(unit)
    return unit
  }
  const addStaff = (unit: DemoUnit, titles: string[]): void => {
    const list: DemoStaff[] = []
    for (const title of titles) {
      const s = { id: staff.length + 1, code: `E${String(staff.length + 1).padStart(5, '0')}`, name: personName(rng), unitId: unit.id, title }
      staff.push(s)
      list.push(s)
    }
    staffByUnit.set(unit.id, list)
  }
  const headOffice = addUnit({ code: 'HO', name: `${BANK}总行`, kind: 'head_office', parentId: null, region: null })
  const departments = HEAD_OFFICE_DEPTS.map((d, i) => addUnit({ code: `HO-D${i + 1}`, name: `总行${d}`, kind: 'department', parentId: headOffice.id, region: null }))
  for (const d of departments) addStaff(d, DEPT_TITLES)
  const outlets: DemoUnit[] = []
  BRANCHES.forEach((b, bi) => {
    const branch = addUnit({ code: `BR${bi + 1}`, name: `${b.city}分行`, kind: 'branch', parentId: headOffice.id, region: b.region })
    addStaff(branch, BRANCH_TITLES)
    branchOf.set(branch.id, branch)
    b.subs.forEach((s, si) => {
      const sub = addUnit({ code: `BR${bi + 1}-${si + 1}`, name: `${b.city}分行${s}支行`, kind: 'sub_branch', parentId: branch.id, region: b.region })
      addStaff(sub, OUTLET_TITLES)
      branchOf.set(sub.id, branch)
      outlets.push(sub)
    })
  })
  return { units, staff, headOffice, departments, outlets, staffByUnit, branchOf }
}
