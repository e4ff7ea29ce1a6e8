//! The project list with every project's progress, read at once: the same progress as each
//! project's own page, on both backends, within scope and region.

use super::ledger::{book, user};
use super::*;
use domain::industry::{MilestoneInput, ProjectInput};
use store::industry::projects;

const BAOYING: &str = "340803100201";
const HONGPU: &str = "340803100202";

#[tokio::test]
async fn the_list_carries_each_projects_progress() {
    on_each_backend!(|db| {
        let (org, _book) = book(db).await;
        let cadre = user("kuaiji", Role::VillageCadre, BAOYING);
        let mut ids = Vec::new();
        for title in ["灵芝大棚种植", "香菇种植"] {
            let p = ProjectInput {
                region_code: BAOYING.into(),
                org_id: org.id.clone(),
                sector: "种植业".into(),
                title: title.into(),
                responsible_name: "张书记".into(),
                ..Default::default()
            }
            .validate()
            .unwrap();
            ids.push(projects::create(db, &cadre, &p).await.unwrap().id);
        }
        // The first project: weights 1 and 3, the heavier one done.
        let mut milestones = Vec::new();
        for (title, weight) in [("大棚完工", "1"), ("首季采收", "3")] {
            let m = MilestoneInput {
                title: title.into(),
                due_on: "2024-10-01".into(),
                weight: weight.into(),
                progress: String::new(),
            }
            .validate()
            .unwrap();
            milestones.push(
                projects::add_milestone(db, &cadre, &ids[0], &m)
                    .await
                    .unwrap()
                    .id,
            );
        }
        projects::set_milestone_progress(db, &cadre, &milestones[1], 100)
            .await
            .unwrap();
        let listed = projects::list_with_progress(db, &cadre.scope, None, false)
            .await
            .unwrap();
        assert_eq!(listed.len(), 2);
        for (p, progress) in &listed {
            let detail = projects::get(db, &cadre.scope, &p.id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(*progress, detail.progress, "{}", p.title);
        }
        let progress_of = |id: &str| listed.iter().find(|(p, _)| p.id == id).unwrap().1;
        assert_eq!((progress_of(&ids[0]), progress_of(&ids[1])), (75, 0));

        // Region and scope narrow it; archived projects only on request.
        let hongpu = code(HONGPU);
        let none = projects::list_with_progress(db, &cadre.scope, Some(&hongpu), false)
            .await
            .unwrap();
        assert!(none.is_empty());
        let other = user("hongpu", Role::VillageCadre, HONGPU);
        assert!(
            projects::list_with_progress(db, &other.scope, None, false)
                .await
                .unwrap()
                .is_empty()
        );
        projects::set_archived(db, &cadre, &ids[0], true)
            .await
            .unwrap();
        let live = projects::list_with_progress(db, &cadre.scope, None, false)
            .await
            .unwrap();
        assert_eq!(live.len(), 1);
        let all = projects::list_with_progress(db, &cadre.scope, None, true)
            .await
            .unwrap();
        assert_eq!(
            all.iter().find(|(p, _)| p.id == ids[0]).map(|(_, n)| *n),
            Some(75)
        );
    });
}
